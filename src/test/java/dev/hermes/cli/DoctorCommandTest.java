package dev.hermes.cli;

import dev.hermes.exit.ExitCodes;
import dev.hermes.sim.SimOptions;
import dev.hermes.sim.SimServer;
import dev.hermes.testing.LoopbackServer;
import dev.hermes.testing.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code hermes doctor} through the real command line, against the simulator and loopback servers. */
class DoctorCommandTest {

    static final String KEY = "sk-sim-NEVER-PRINT-2718281828";
    private static final String WRONG = "sk-wrong-NEVER-PRINT-1414213562";

    @TempDir
    Path dir;

    private DoctorHome home;
    private SimServer sim;
    private LoopbackServer server;

    @BeforeEach
    void setUp() {
        home = new DoctorHome(dir);
    }

    @AfterEach
    void stop() {
        if (sim != null) sim.close();
        if (server != null) server.close();
    }

    @Test
    void healthyPrimaryAndFallbackOnBothWiresAreReachableWithTheirKeyAccepted() throws Exception {
        sim = SimServer.start(0, SimOptions.defaults().withRequiredKey(KEY));
        home.config("""
                model: {provider: custom, default: healthy, base_url: %s, key_env: SIM_KEY}
                fallback_providers:
                  - {provider: custom, model: healthy, base_url: %s, api_mode: anthropic_messages, key_env: SIM_KEY}
                """.formatted(sim.chatCompletionsBaseUrl(), sim.anthropicBaseUrl()));

        CliRun run = CliRun.run(home.env("SIM_KEY", KEY), "doctor");

        assertThat(run.exit()).as(run.out() + run.err()).isEqualTo(ExitCodes.OK);
        assertThat(run.out()).contains("Primary: custom/healthy", "Fallback 1: custom/healthy",
                "(chat_completions)", "(anthropic_messages)",
                "reachable, key accepted (HTTP 200); GET " + sim.chatCompletionsBaseUrl() + "/models",
                "reachable, key accepted (HTTP 200); GET " + sim.anthropicBaseUrl() + "/v1/models",
                "key: found SIM_KEY in the environment, fingerprint …1828", "Result: ready");
        assertThat(run.out().indexOf("Primary:")).isLessThan(run.out().indexOf("Fallback 1:"));
        assertThat(run.out()).doesNotContain("FAIL");
        assertNoSecret(run);
    }

    @Test
    void theModelListIsAskedWithTheModelCallsOwnHeaders() {
        server = LoopbackServer.start((req, ex) -> ex.json(200, "{\"data\":[]}"));
        home.config("""
                model: {provider: minimax, default: MiniMax-M2.7, base_url: %s/anthropic}
                providers:
                  minimax: {headers: {X-Trace: doctor-test}}
                """.formatted(server.uri()));

        CliRun run = CliRun.run(home.env("MINIMAX_API_KEY", KEY), "doctor");

        assertThat(run.exit()).as(run.out()).isEqualTo(ExitCodes.OK);
        RecordedRequest sent = server.requests().get(0);
        assertThat(sent.method()).isEqualTo("GET");
        assertThat(sent.path()).isEqualTo("/anthropic/v1/models");
        // MiniMax is sent both header shapes, exactly as its model calls are.
        assertThat(sent.header("x-api-key")).isEqualTo(KEY);
        assertThat(sent.header("authorization")).isEqualTo("Bearer " + KEY);
        assertThat(sent.header("anthropic-version")).isNotBlank();
        assertThat(sent.header("x-trace")).isEqualTo("doctor-test");
        assertThat(server.requests()).hasSize(1);
        assertNoSecret(run);
    }

    @Test
    void aMissingKeyIsAConfigProblemNamingTheVariableAndTheFiles() throws Exception {
        sim = SimServer.start();
        home.config("model: {provider: minimax, default: healthy, base_url: " + sim.anthropicBaseUrl() + "/anthropic}\n");

        CliRun run = CliRun.run(home.env(), "doctor");

        assertThat(run.exit()).as(run.out()).isEqualTo(ExitCodes.CONFIG);
        assertThat(run.out()).contains("FAIL  key: missing: no API key for provider 'minimax': set MINIMAX_API_KEY",
                dir.resolve(".env").toString(), dir.resolve("credentials.yaml").toString(),
                "reachable (HTTP 200, no key sent)", "Result: configuration problem");
    }

    @Test
    void aRejectedKeyIsAConfigProblemNamingWhereTheKeyCameFrom() throws Exception {
        sim = SimServer.start(0, SimOptions.defaults().withRequiredKey(KEY));
        home.config("model: {provider: minimax, default: healthy, base_url: " + sim.anthropicBaseUrl() + "/anthropic}\n")
                .write(".env", "# keys\nMINIMAX_API_KEY=" + WRONG + "\n");

        CliRun run = CliRun.run(home.env(), "doctor");

        assertThat(run.exit()).as(run.out()).isEqualTo(ExitCodes.CONFIG);
        assertThat(run.out()).contains("FAIL  reach: reachable, but the key was rejected (HTTP 401): check MINIMAX_API_KEY at "
                + dir.resolve(".env") + ":2", "fingerprint …3562");
        assertThat(run.out() + run.err()).doesNotContain(WRONG);
        assertNoSecret(run);
    }

    @Test
    void aClosedPortIsConnectionRefusedWithTheUrlButNoQueryString() throws Exception {
        int port = DoctorHome.closedPort();
        home.config("model: {provider: custom, default: m, base_url: 'http://127.0.0.1:" + port + "/v1?tenant=t-123456'}\n");

        CliRun run = CliRun.run(home.env(), "doctor");

        assertThat(run.exit()).as(run.out()).isEqualTo(ExitCodes.PROVIDER_FAILURE);
        assertThat(run.out()).contains("key: none needed",
                "FAIL  reach: unreachable: connection refused (nothing listens there); GET http://127.0.0.1:" + port + "/v1/models",
                "Result: the primary route does not work right now");
        assertThat(run.out()).doesNotContain("tenant", "t-123456");
    }

    @Test
    void aPlainHttpServerBehindAnHttpsUrlIsATlsFailure() throws Exception {
        try (ServerSocket plain = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            Thread.ofVirtual().start(() -> {
                // Every connection gets plain HTTP, and stays open until the client gives up: closing
                // at once raced the client's ClientHello, which then saw a reset (the JDK client retries
                // a GET once on that, into a connection nobody served) instead of a non-TLS answer.
                while (!plain.isClosed()) {
                    try {
                        Socket s = plain.accept();
                        Thread.ofVirtual().start(() -> {
                            try (s) {
                                s.getOutputStream().write("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n"
                                        .getBytes(StandardCharsets.US_ASCII));
                                s.getOutputStream().flush();
                                s.getInputStream().transferTo(OutputStream.nullOutputStream());
                            } catch (IOException closed) {
                                // the client gave up, as it should
                            }
                        });
                    } catch (IOException closed) {
                        return; // the test ended
                    }
                }
            });
            home.config("model: {provider: custom, default: m, base_url: 'https://127.0.0.1:" + plain.getLocalPort() + "/v1'}\n");

            // Generous: the JVM's first TLS handshake sets up its SSL context, seconds on a busy machine.
            CliRun run = CliRun.run(home.env(), "doctor", "--timeout", "20");

            assertThat(run.exit()).as(run.out()).isEqualTo(ExitCodes.PROVIDER_FAILURE);
            assertThat(run.out()).contains("FAIL  reach: unreachable: TLS handshake failed",
                    "GET https://127.0.0.1:" + plain.getLocalPort() + "/v1/models");
        }
    }

    @Test
    void aConfigThatDoesNotParseIsReportedWithFileAndLineAndTheRestIsStillChecked() throws Exception {
        sim = SimServer.start();
        home.config("agent:\n  max_turns: 3\nmodel: {provider: custom, default: healthy\n");

        CliRun plain = CliRun.run(home.env(), "doctor");

        assertThat(plain.exit()).as(plain.out()).isEqualTo(ExitCodes.CONFIG);
        assertThat(plain.out()).containsPattern("FAIL  config: " + java.util.regex.Pattern.quote(dir.resolve("config.yaml").toString())
                + ":\\d+: malformed YAML");
        assertThat(plain.out()).contains("ok    .env files: " + dir.resolve(".env"), "not checked: config.yaml did not parse");

        CliRun flags = CliRun.run(home.env(), "doctor", "--provider", "custom", "--model", "healthy",
                "--base-url", sim.chatCompletionsBaseUrl().toString());
        assertThat(flags.exit()).as("the config problem still decides").isEqualTo(ExitCodes.CONFIG);
        assertThat(flags.out()).contains("malformed YAML", "Primary: custom/healthy", "reachable (HTTP 200, no key sent)");
    }

    @Test
    void aProfileSaysWhetherItInheritsTheRootEnv() throws Exception {
        sim = SimServer.start();
        home.write(".env", "MINIMAX_API_KEY=" + KEY + "\n")
                .write("profiles/work/config.yaml", "model: {provider: minimax, default: healthy, base_url: " + sim.anthropicBaseUrl() + "}\n");

        CliRun alone = CliRun.run(home.env(), "-p", "work", "doctor");
        assertThat(alone.exit()).as(alone.out()).isEqualTo(ExitCodes.CONFIG);
        assertThat(alone.out()).contains("(profile work)", "profile 'work' does not inherit the root .env",
                ".env files: " + dir.resolve("profiles/work/.env") + " (absent)", "key: missing");

        home.write("profiles/work/config.yaml", "env: {inherit_root: true}\nmodel: {provider: minimax, default: healthy, base_url: "
                + sim.anthropicBaseUrl() + "}\n");
        CliRun inherits = CliRun.run(home.env(), "doctor", "-p", "work");
        assertThat(inherits.exit()).as(inherits.out()).isEqualTo(ExitCodes.OK);
        assertThat(inherits.out()).contains("profile 'work' inherits the root .env",
                "key: found MINIMAX_API_KEY at " + dir.resolve(".env") + ":1");
        assertNoSecret(inherits);
    }

    static void assertNoSecret(CliRun run) {
        assertThat(run.out() + run.err()).doesNotContain(KEY).doesNotContain(KEY.substring(3, 20));
    }
}

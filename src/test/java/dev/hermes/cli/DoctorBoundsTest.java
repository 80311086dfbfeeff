package dev.hermes.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hermes.doctor.Doctor;
import dev.hermes.exit.ExitCodes;
import dev.hermes.sim.SimAttempt;
import dev.hermes.sim.SimOptions;
import dev.hermes.sim.SimServer;
import dev.hermes.util.Json;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static dev.hermes.cli.DoctorCommandTest.KEY;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code hermes doctor}: the time bound with silent fallbacks, --json, and --deep against the simulator. */
class DoctorBoundsTest {

    @TempDir
    Path dir;

    private DoctorHome home;
    private SimServer sim;

    @BeforeEach
    void setUp() throws Exception {
        home = new DoctorHome(dir);
        sim = SimServer.start(0, SimOptions.defaults().withRequiredKey(KEY));
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    @Test
    void silentFallbacksAreCheckedAtOnceAndTheRunEndsWithinTheTimeoutPlusTheMargin() throws Exception {
        int silent = 5;
        double timeout = 0.6;
        try (DoctorHome.SilentServer hang = new DoctorHome.SilentServer()) {
            StringBuilder yaml = new StringBuilder("model: {provider: custom, default: healthy, base_url: "
                    + sim.chatCompletionsBaseUrl() + ", key_env: SIM_KEY}\nfallback_providers:\n");
            for (int i = 0; i < silent; i++) yaml.append("  - {provider: custom, model: m").append(i).append(", base_url: ")
                    .append(hang.baseUrl()).append("}\n");
            home.config(yaml.toString());

            long start = System.nanoTime();
            CliRun run = CliRun.run(home.env("SIM_KEY", KEY), "doctor", "--timeout", String.valueOf(timeout));
            double seconds = (System.nanoTime() - start) / 1e9;

            assertThat(run.exit()).as("fallbacks only warn: " + run.out()).isEqualTo(ExitCodes.OK);
            assertThat(run.out().split("no answer within 0.6 s \\(timed out\\); GET " + java.util.regex.Pattern.quote(hang.baseUrl()), -1))
                    .hasSize(silent + 1);
            assertThat(run.out()).contains("reachable, key accepted", silent + " fallbacks have problems");
            assertThat(hang.acceptedCount()).as("every silent fallback was really asked").isEqualTo(silent);
            // One after another they would take 5 x 0.6 s; together, one timeout (plus start-up slack).
            assertThat(seconds).isGreaterThanOrEqualTo(timeout - 0.05)
                    .isLessThan(timeout + Doctor.MARGIN.toMillis() / 1000.0 + 0.4);
        }
    }

    @Test
    void jsonIsOneParsableReport() throws Exception {
        int closed = DoctorHome.closedPort();
        home.config("""
                model: {provider: custom, default: healthy, base_url: %s, key_env: SIM_KEY}
                fallback_providers:
                  - {provider: custom, model: m, base_url: 'http://127.0.0.1:%d/v1'}
                unknown_thing: 1
                """.formatted(sim.chatCompletionsBaseUrl(), closed));

        CliRun run = CliRun.run(home.env("SIM_KEY", KEY), "doctor", "--json");

        assertThat(run.exit()).isEqualTo(ExitCodes.OK);
        assertThat(run.out().strip()).doesNotContain("\n");
        JsonNode report = Json.MAPPER.readTree(run.out());
        assertThat(report.path("verdict").asText()).isEqualTo("ok");
        assertThat(report.path("exit_code").asInt()).isEqualTo(0);
        assertThat(report.path("config").path("warnings").path(0).asText()).contains("config.yaml:4", "unknown_thing");
        assertThat(report.path("config").path("env_files").path(0).asText()).isEqualTo(dir.resolve(".env").toString());
        JsonNode primary = report.path("routes").path(0);
        assertThat(primary.path("role").asText()).isEqualTo("primary");
        assertThat(primary.path("wire").asText()).isEqualTo("chat_completions");
        assertThat(primary.path("key").path("status").asText()).isEqualTo("found");
        assertThat(primary.path("key").path("variable").asText()).isEqualTo("SIM_KEY");
        assertThat(primary.path("key").path("fingerprint").asText()).isEqualTo("…1828");
        assertThat(primary.path("reach").path("status").asText()).isEqualTo("key_accepted");
        assertThat(primary.path("reach").path("http_status").asInt()).isEqualTo(200);
        JsonNode fallback = report.path("routes").path(1);
        assertThat(fallback.path("status").asText()).isEqualTo("unreachable");
        assertThat(fallback.path("reach").path("status").asText()).isEqualTo("refused");
        assertThat(fallback.path("reach").path("url").asText()).isEqualTo("http://127.0.0.1:" + closed + "/v1/models");
        DoctorCommandTest.assertNoSecret(run);
    }

    @Test
    void deepSendsOneTinyRequestPerRouteAndReportsTheModelsAnswerOrError() {
        home.config("""
                model: {provider: custom, default: healthy, base_url: %s, key_env: SIM_KEY}
                fallback_providers:
                  - {provider: custom, model: overloaded-503, base_url: %s, api_mode: anthropic_messages, key_env: SIM_KEY}
                """.formatted(sim.chatCompletionsBaseUrl(), sim.anthropicBaseUrl()));

        CliRun run = CliRun.run(home.env("SIM_KEY", KEY), "doctor", "--deep");

        assertThat(run.exit()).as(run.out()).isEqualTo(ExitCodes.OK);
        String answer = SimServer.canonicalAnswer("healthy", Doctor.DEEP_PROMPT);
        assertThat(run.out()).contains("ok    model: the model answered: \"" + answer.substring(0, 30),
                "FAIL  model: the model call failed: HTTP 503");
        List<SimAttempt> calls = sim.attempts();
        assertThat(calls).hasSize(2).allSatisfy(a -> assertThat(a.stream()).isFalse());
        assertThat(calls).extracting(SimAttempt::model).containsExactlyInAnyOrder("healthy", "overloaded-503");
        DoctorCommandTest.assertNoSecret(run);
    }

    @Test
    void deepOnAFailingOrSilentPrimaryExitsOneWithinTheBound() {
        home.config("model: {provider: custom, default: overloaded-503, base_url: " + sim.chatCompletionsBaseUrl() + ", key_env: SIM_KEY}\n");
        CliRun failing = CliRun.run(home.env("SIM_KEY", KEY), "doctor", "--deep");
        assertThat(failing.exit()).as(failing.out()).isEqualTo(ExitCodes.PROVIDER_FAILURE);
        assertThat(failing.out()).contains("reachable, key accepted", "FAIL  model: the model call failed: HTTP 503");

        home.config("model: {provider: custom, default: no-response, base_url: " + sim.chatCompletionsBaseUrl() + ", key_env: SIM_KEY}\n");
        long start = System.nanoTime();
        CliRun silent = CliRun.run(home.env("SIM_KEY", KEY), "doctor", "--deep", "--timeout", "0.5");
        double seconds = (System.nanoTime() - start) / 1e9;
        assertThat(silent.exit()).as(silent.out()).isEqualTo(ExitCodes.PROVIDER_FAILURE);
        assertThat(silent.out()).contains("FAIL  model: the model did not answer within 0.5 s");
        assertThat(seconds).isLessThan(0.5 + Doctor.MARGIN.toMillis() / 1000.0 + 0.4);
        // Exactly one tiny call was sent, and it was not retried.
        assertThat(sim.attempts()).filteredOn(a -> a.model().equals("no-response")).hasSize(1);
    }
}

package dev.hermes.cli;

import dev.hermes.config.Environment;
import dev.hermes.exit.ExitCodes;
import dev.hermes.testing.Exchange;
import dev.hermes.testing.LoopbackServer;
import dev.hermes.testing.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code hermes chat -q} through the real command line against loopback providers of both wires. */
class ChatCommandTest {

    private static final String KEY = "sk-test-NEVER-PRINT-3141592653";

    @TempDir
    Path home;

    private LoopbackServer server;

    @AfterEach
    void stop() {
        if (server != null) server.close();
    }

    private Environment env(Map<String, String> extra) {
        Map<String, String> vars = new HashMap<>(extra);
        vars.put("HERMES_HOME", home.toString());
        return new Environment(vars, home.resolve("user"));
    }

    private void config(String yaml) throws IOException {
        Files.writeString(home.resolve("config.yaml"), yaml);
    }

    private static void openAiStream(Exchange ex, String... pieces) throws IOException {
        ex.startEventStream();
        ex.chunk("data: {\"id\":\"c1\",\"model\":\"m\",\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\"}}]}\n\n");
        for (String p : pieces) {
            ex.chunk("data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"" + p + "\"}}]}\n\n");
        }
        ex.chunk("data: {\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}\n\n");
        ex.chunk("data: {\"choices\":[],\"usage\":{\"prompt_tokens\":5,\"completion_tokens\":3}}\n\n");
        ex.chunk("data: [DONE]\n\n");
        ex.endChunks();
    }

    @Test
    void answersOnceFromAnOpenAiCompatibleServerAndExitsZero() throws Exception {
        server = LoopbackServer.start((req, ex) -> openAiStream(ex, "Hello", ", ", "world."));
        config("model: {provider: custom, default: local-model, base_url: " + server.uri() + "/v1, key_env: LOCAL_KEY}\n");

        CliRun run = CliRun.run(env(Map.of("LOCAL_KEY", KEY)), "chat", "-q", "say hello");

        assertThat(run.exit()).as(run.err()).isEqualTo(ExitCodes.OK);
        assertThat(run.out()).isEqualTo("Hello, world.\n");
        RecordedRequest sent = server.requests().get(0);
        assertThat(sent.path()).isEqualTo("/v1/chat/completions");
        assertThat(sent.header("authorization")).isEqualTo("Bearer " + KEY);
        assertThat(sent.body()).contains("\"model\":\"local-model\"", "say hello", "\"stream\":true");
        assertNoSecretAnywhere(run);
    }

    @Test
    void answersFromAnAnthropicCompatibleServer() throws Exception {
        server = LoopbackServer.start((req, ex) -> {
            ex.startEventStream();
            ex.chunk("event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":\"m1\",\"model\":\"claude-x\",\"usage\":{\"input_tokens\":7}}}\n\n");
            ex.chunk("event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}\n\n");
            ex.chunk("event: ping\ndata: {\"type\":\"ping\"}\n\n");
            ex.chunk("event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"Bonjour \"}}\n\n");
            ex.chunk("event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"le monde\"}}\n\n");
            ex.chunk("event: content_block_stop\ndata: {\"type\":\"content_block_stop\",\"index\":0}\n\n");
            ex.chunk("event: message_delta\ndata: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\"},\"usage\":{\"output_tokens\":4}}\n\n");
            ex.chunk("event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n");
            ex.endChunks();
        });
        config("model: {provider: minimax, default: MiniMax-M2.7, base_url: " + server.uri() + "/anthropic}\n");

        CliRun run = CliRun.run(env(Map.of("MINIMAX_API_KEY", KEY)), "chat", "-q", "bonjour");

        assertThat(run.exit()).as(run.err()).isEqualTo(ExitCodes.OK);
        assertThat(run.out()).isEqualTo("Bonjour le monde\n");
        RecordedRequest sent = server.requests().get(0);
        assertThat(sent.path()).isEqualTo("/anthropic/v1/messages");
        // MiniMax has been seen to demand either header shape: both are sent.
        assertThat(sent.header("x-api-key")).isEqualTo(KEY);
        assertThat(sent.header("authorization")).isEqualTo("Bearer " + KEY);
        assertThat(sent.header("anthropic-version")).isNotBlank();
        assertNoSecretAnywhere(run);
    }

    @Test
    void shortFormZAndOverridesFromTheCommandLine() throws Exception {
        server = LoopbackServer.start((req, ex) -> openAiStream(ex, "pong"));
        config("model: {provider: openrouter, default: some/model}\n");

        CliRun chat = CliRun.run(env(Map.of("OPENROUTER_API_KEY", KEY)), "chat", "-q", "ping",
                "--provider", "custom", "--model", "other", "--base-url", server.uri() + "/api/v1");
        assertThat(chat.exit()).as(chat.err()).isEqualTo(ExitCodes.OK);
        assertThat(chat.out()).isEqualTo("pong\n");
        assertThat(server.requests()).singleElement().satisfies(r -> {
            assertThat(r.path()).isEqualTo("/api/v1/chat/completions");
            assertThat(r.body()).contains("\"model\":\"other\"");
        });

        config("model: {provider: custom, default: local, base_url: " + server.uri() + "/v1}\n");
        CliRun z = CliRun.run(env(Map.of()), "-z", "ping");
        assertThat(z.exit()).as(z.err()).isEqualTo(ExitCodes.OK);
        assertThat(z.out()).isEqualTo("pong\n");

        CliRun zWithOverride = CliRun.run(env(Map.of()), "--model", "third", "-z", "ping");
        assertThat(zWithOverride.exit()).as(zWithOverride.err()).isEqualTo(ExitCodes.OK);
        assertThat(server.requests().get(server.requests().size() - 1).body()).contains("\"model\":\"third\"");
    }

    @Test
    void aRejectedKeyIsAConfigurationProblemAndNoSecretIsInAnyOutputOrLog() throws Exception {
        // A hostile server echoes the key it was sent in its error message.
        server = LoopbackServer.start((req, ex) -> ex.json(401,
                "{\"error\":{\"message\":\"Incorrect API key provided: " + req.header("authorization").substring(7)
                        + "\",\"type\":\"invalid_request_error\",\"code\":\"invalid_api_key\"}}"));
        config("model: {provider: custom, default: m, base_url: " + server.uri() + "/v1, key_env: LOCAL_KEY}\n");

        CliRun run = CliRun.run(env(Map.of("LOCAL_KEY", KEY)), "chat", "-q", "hi");

        assertThat(run.exit()).isEqualTo(ExitCodes.CONFIG); // as README and docs/agent.md say: fix the key
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).contains("custom/m", "auth", "Incorrect API key provided");
        assertNoSecretAnywhere(run);
    }

    @Test
    void aMissingKeyIsAConfigurationErrorNamingTheVariableAndFiles() throws Exception {
        config("model: {provider: deepseek, default: deepseek-chat}\n");

        CliRun run = CliRun.run(env(Map.of()), "chat", "-q", "hi");

        assertThat(run.exit()).isEqualTo(ExitCodes.CONFIG);
        assertThat(run.err()).contains("DEEPSEEK_API_KEY", home.resolve(".env").toString());
    }

    @Test
    void malformedConfigIsAConfigurationErrorWithFileAndLine() throws Exception {
        config("model:\n  provider: custom\n  default: [unclosed\n");

        CliRun run = CliRun.run(env(Map.of()), "chat", "-q", "hi");

        assertThat(run.exit()).isEqualTo(ExitCodes.CONFIG);
        assertThat(run.err()).contains(home.resolve("config.yaml").toString());
    }

    private void assertNoSecretAnywhere(CliRun run) throws IOException {
        assertThat(run.out()).doesNotContain(KEY);
        assertThat(run.err()).doesNotContain(KEY);
        Path logs = home.resolve("logs");
        if (Files.isDirectory(logs)) {
            try (Stream<Path> files = Files.list(logs)) {
                for (Path f : files.toList()) assertThat(Files.readString(f)).as(f.toString()).doesNotContain(KEY);
            }
        }
    }
}

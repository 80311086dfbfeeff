package dev.hermes.it;

import dev.hermes.testing.HermesProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** A Python original user's config.yaml through the real launcher: the full example file, and key_cmd. */
class DropInConfigIT {
    private static final Duration RUN = Duration.ofSeconds(90);

    @TempDir
    Path root;
    @TempDir
    Path work;

    @Test
    void theOriginalsFullExampleConfigLoadsWithoutAnUnknownKeyAndAnswers() throws Exception {
        String key = "sk-or-v1-example-key-000000";
        try (RecordingModel model = new RecordingModel(key);
             var example = getClass().getResourceAsStream("/original/cli-config.yaml.example")) {
            Files.write(root.resolve("config.yaml"), example.readAllBytes());
            // provider: auto picks OpenRouter from its key; --base-url points it at the recording model
            HermesProcess.Result r = HermesProcess.run(work, Map.of("HERMES_HOME", root.toString(), "OPENROUTER_API_KEY", key),
                    RUN, "--base-url", model.baseUrl(), "chat", "-q", "hello original");
            assertThat(r.exit()).as(r.err()).isZero();
            assertThat(r.out()).isEqualTo(RecordingModel.answer("hello original") + "\n");
            assertThat(r.err()).doesNotContain("unknown key");
            assertThat(model.lastBody().path("model").asText()).isEqualTo("anthropic/claude-opus-4.6");

            HermesProcess.Result show = HermesProcess.run(work, Map.of("HERMES_HOME", root.toString()), RUN, "config", "show");
            assertThat(show.out()).doesNotContain("unknown key")
                    .contains("'terminal': recognised (a setting of the Python original) but not supported here");
        }
    }

    @Test
    void keyCmdMintsATokenOncePerProcessAndItNeverShows() throws Exception {
        String token = "tok-minted-5f1e2d3c4b5a";
        Path counter = work.resolve("minted.txt");
        Path script = root.resolve("mint.sh");
        Files.writeString(script, "#!/bin/sh\necho run >> '" + counter + "'\n"
                + "printf '{\"access_token\": \"" + token + "\", \"expires_in\": 3600}'\n");
        script.toFile().setExecutable(true);
        Files.writeString(work.resolve("notes.txt"), "a note\n");
        try (RecordingModel model = new RecordingModel(token)) {
            Files.writeString(root.resolve("config.yaml"), "model: { provider: gw, default: m }\nproviders:\n  gw:\n"
                    + "    base_url: '" + model.baseUrl() + "'\n    key_cmd: '" + script + "'\n");
            HermesProcess.Result r = HermesProcess.run(work, Map.of("HERMES_HOME", root.toString()), RUN,
                    "chat", "-q", "TOOL read_file {\"path\":\"notes.txt\"}", "--format", "stream-json");
            assertThat(r.exit()).as(r.err()).isZero();
            assertThat(model.requests()).hasSize(2);
            assertThat(Files.readAllLines(counter, StandardCharsets.UTF_8)).hasSize(1);
            assertThat(r.out() + r.err()).doesNotContain(token);

            // a failing command is a configuration problem naming where it is configured
            Files.writeString(script, "#!/bin/sh\necho 'secret diagnostics' >&2\nexit 7\n");
            r = HermesProcess.run(work, Map.of("HERMES_HOME", root.toString()), RUN, "chat", "-q", "hi");
            assertThat(r.exit()).isEqualTo(3);
            assertThat(r.err()).contains(root.resolve("config.yaml") + ":5: providers.gw.key_cmd", "exited with status 7")
                    .doesNotContain("secret diagnostics");
        }
    }

    /** README and docs/agent.md: a missing or rejected key is a configuration problem, exit 3. */
    @Test
    void aRejectedKeyExitsThree() throws Exception {
        try (RecordingModel model = new RecordingModel("sk-the-right-key-0000")) {
            Files.writeString(root.resolve("config.yaml"), "model: { provider: gw, default: m }\nproviders:\n  gw:\n"
                    + "    base_url: '" + model.baseUrl() + "'\n    key_env: GW_KEY\n");
            HermesProcess.Result r = HermesProcess.run(work, Map.of("HERMES_HOME", root.toString(), "GW_KEY", "sk-a-wrong-key-1111"),
                    RUN, "chat", "-q", "hi");
            assertThat(r.exit()).as(r.err()).isEqualTo(3);
            assertThat(r.err()).contains("401").doesNotContain("sk-a-wrong-key-1111");
        }
    }
}

package dev.hermes.cli;

import dev.hermes.config.Environment;
import dev.hermes.exit.ExitCodes;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ConfigCommandTest {
    static final String ROOT_SECRET = "sk-or-root-secret-7777";
    static final String PROFILE_SECRET = "sk-cp-profile-secret-8888";
    static final String LITERAL_SECRET = "sk-literal-secret-9999";
    static final String PROCESS_TOKEN = "ghp-process-token-6666";

    @TempDir
    Path user;
    Path root;
    Path profile;

    @BeforeEach
    void homes() throws Exception {
        root = Files.createDirectories(user.resolve(".hermes"));
        profile = Files.createDirectories(root.resolve("profiles/w"));
        Files.writeString(root.resolve(".env"), "OPENROUTER_API_KEY=" + ROOT_SECRET + "\nPLAIN_SETTING=visible\n");
        Files.writeString(profile.resolve(".env"), "MINIMAX_API_KEY=" + PROFILE_SECRET + "\nCUSTOM_VAR=hello\n");
        Files.writeString(profile.resolve("config.yaml"), """
                model:
                  provider: minimax
                  default: MiniMax-M2.7
                providers:
                  custom:
                    api_key: %s
                    headers: { Authorization: "Bearer %s" }
                fallback_providers:
                  - { provider: openrouter, model: anthropic/claude-sonnet-4 }
                env: { inherit_root: true }
                bogus: 1
                """.formatted(LITERAL_SECRET, LITERAL_SECRET));
    }

    private CliRun run(String... args) {
        return CliRun.run(new Environment(Map.of("GITHUB_TOKEN", PROCESS_TOKEN, "HERMES_STREAM_STALE_TIMEOUT", "60"), user), args);
    }

    @Test
    void showWithOriginsPrintsEverySettingAndMasksSecrets() {
        CliRun r = run("-p", "w", "config", "show", "--origin");
        assertThat(r.exit()).as(r.err()).isZero();
        Path cfg = profile.resolve("config.yaml");
        assertThat(r.out()).contains(
                "model.provider = minimax    # " + cfg + ":2",
                "model.default = MiniMax-M2.7    # " + cfg + ":3",
                "providers.custom.api_key = ***    # " + cfg + ":6",
                "providers.custom.headers.Authorization = ***    # " + cfg + ":7",
                "env.inherit_root = true    # " + cfg + ":10",
                "agent.max_turns = 90    # default",
                "# warning: " + cfg + ":11: unknown key 'bogus'",
                "route.primary = minimax/MiniMax-M2.7 at https://api.minimax.io/anthropic (anthropic_messages, auth both)",
                "route.primary.connect_timeout_seconds = 30    # default",
                "route.primary.headers_timeout_seconds = 120    # default",
                "route.primary.first_content_timeout_seconds = 180    # default",
                "route.primary.content_idle_timeout_seconds = 60    # env HERMES_STREAM_STALE_TIMEOUT",
                "route.primary.liveness_idle_timeout_seconds = 180    # default",
                "route.primary.deadline_seconds = 1800    # default",
                "route.fallback[0] = openrouter/anthropic/claude-sonnet-4",
                "MINIMAX_API_KEY = ***    # " + profile.resolve(".env") + ":1",
                "OPENROUTER_API_KEY = ***    # " + root.resolve(".env") + ":1",
                "CUSTOM_VAR = hello    # " + profile.resolve(".env") + ":2",
                "PLAIN_SETTING = visible    # " + root.resolve(".env") + ":2",
                "HERMES_STREAM_STALE_TIMEOUT = 60    # env HERMES_STREAM_STALE_TIMEOUT");
        assertThat(r.out() + r.err()).doesNotContain(ROOT_SECRET, PROFILE_SECRET, LITERAL_SECRET, PROCESS_TOKEN);
    }

    @Test
    void withoutOptInTheRootEnvIsInvisibleToTheProfile() throws Exception {
        Files.writeString(profile.resolve("config.yaml"), "model: { provider: minimax, default: m }\n");
        CliRun r = run("-p", "w", "config", "show", "--origin");
        assertThat(r.out()).doesNotContain("OPENROUTER_API_KEY", "PLAIN_SETTING").contains("MINIMAX_API_KEY = ***");
    }

    @Test
    void showWithoutOriginsHasNoOrigins() {
        CliRun r = run("config", "show", "-p", "w");
        assertThat(r.out()).contains("model.provider = minimax\n").doesNotContain("# " + profile);
        assertThat(r.out()).doesNotContain(ROOT_SECRET, PROFILE_SECRET, LITERAL_SECRET);
    }

    @Test
    void aBrokenConfigIsAConfigErrorNamingFileAndLine() throws Exception {
        Files.writeString(profile.resolve("config.yaml"), "agent:\n  max_turns: lots\n");
        CliRun r = run("-p", "w", "config", "show");
        assertThat(r.exit()).isEqualTo(ExitCodes.CONFIG);
        assertThat(r.err()).contains(profile.resolve("config.yaml") + ":2: 'agent.max_turns' must be an integer, got \"lots\"");
    }

    @Test
    void pathPrintsTheHomeFiles() {
        CliRun r = run("-p", "w", "config", "path");
        assertThat(r.out()).contains("home: " + profile, "config: " + profile.resolve("config.yaml"),
                "env: " + profile.resolve(".env"), "credentials: " + profile.resolve("credentials.yaml"));
    }
}

package dev.hermes.config;

import dev.hermes.provider.Route;
import dev.hermes.provider.WireApi;
import dev.hermes.provider.credentials.CredentialStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The Python original's config.yaml keys: recognised, aliases, model_aliases, provider auto, numeric ranges. */
class OriginalConfigTest {
    @TempDir
    Path user;
    Path root;
    Path file;

    @BeforeEach
    void root() throws Exception {
        root = Files.createDirectories(user.resolve(".hermes"));
        file = root.resolve("config.yaml");
    }

    private Configuration load(String yaml, Map<String, String> vars) throws Exception {
        Files.writeString(file, yaml);
        return Configuration.load(new Environment(vars, user), null);
    }

    private Routes.Plan plan(String yaml, Map<String, String> vars, String model) throws Exception {
        Configuration c = load(yaml, vars);
        return c.routes(new Routes.Overrides(null, model, null), new CredentialStore(System::nanoTime, new Random(1)));
    }

    @Test
    void theOriginalsKeysWeDoNotImplementAreNotedOncePerSectionNeverAsUnknown() throws Exception {
        HermesConfig c = load("""
                _config_version: 50
                model:
                  default: m
                  provider: openrouter
                  context_length: 131072
                  streaming: true
                terminal:
                  backend: local
                  timeout: 180
                agent:
                  max_turns: 20
                  verbose: false
                  personalities: {}
                display: { skin: default }
                toolsets: [web]
                """, Map.of()).config();
        assertThat(c.unknownKeys()).isEmpty();
        assertThat(c.unsupported()).extracting(ConfigWarning::toString).containsExactly(
                file + ":6: 'model.streaming': recognised (a setting of the Python original) but not supported here",
                file + ":7: 'terminal': recognised (a setting of the Python original) but not supported here",
                file + ":12: 'agent.verbose', 'agent.personalities': recognised (a setting of the Python original) but not supported here",
                file + ":14: 'display': recognised (a setting of the Python original) but not supported here");
        assertThat(c.agent().maxTurns().value()).isEqualTo(20);
    }

    @Test
    void aTypoNextToTheOriginalsKeysIsStillUnknown() throws Exception {
        HermesConfig c = load("agent:\n  max_turn: 5\n  verbose: true\n", Map.of()).config();
        assertThat(c.unknownKeys()).extracting(ConfigWarning::toString).containsExactly(file + ":2: unknown key 'agent.max_turn'");
    }

    @Test
    void modelModelIsAnAliasOfModelDefaultAndBothAreAnError() throws Exception {
        assertThat(load("model: { provider: openrouter, model: a/b }\n", Map.of()).config().model().model().value())
                .isEqualTo("a/b");
        assertThatThrownBy(() -> load("model:\n  default: x\n  model: y\n", Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessage(file + ":3: 'model.model' and 'model.default' (line 2) both name the model; keep one");
    }

    @Test
    void everyIntegerSettingHasARangeAndAValueOutsideNamesFileLineAndKey() throws Exception {
        ConfigSchema.KEYS.forEach((key, kind) -> {
            if (kind == ConfigSchema.Kind.INT) assertThat(ConfigSchema.RANGES).as(key).containsKey(key);
        });
        assertThatThrownBy(() -> load("agent:\n  max_turns: 0\n", Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessage(file + ":2: 'agent.max_turns' must be an integer from 1 to 100000, got 0");
        assertThatThrownBy(() -> load("failover: { breaker_failure_threshold: 0 }\n", Map.of()))
                .hasMessage(file + ":1: 'failover.breaker_failure_threshold' must be an integer from 1 to 10000, got 0");
        assertThatThrownBy(() -> load("kanban:\n\n  max_workers: -3\n", Map.of()))
                .hasMessage(file + ":3: 'kanban.max_workers' must be an integer from 1 to 1000, got -3");
        assertThatThrownBy(() -> load("kanban: { lease_seconds: 99999999999 }\n", Map.of()))
                .hasMessageContaining(":1: 'kanban.lease_seconds' must be a positive number of seconds");
    }

    @Test
    void anAliasRoutesToItsOwnProviderAndKeepsTheGlobalFallbacks() throws Exception {
        String yaml = """
                model: { provider: openrouter, default: x/y }
                model_aliases:
                  opus: { model: claude-opus-4-6, provider: anthropic }
                  qwen: { model: "qwen3.5:397b", provider: custom, base_url: "https://ollama.com/v1", key_env: OLLAMA_KEY }
                fallback_providers:
                  - { provider: openrouter, model: z/z }
                """;
        Routes.Plan opus = plan(yaml, Map.of(), "opus");
        assertThat(opus.primary().endpoint().provider()).isEqualTo("anthropic");
        assertThat(opus.primary().model()).isEqualTo("claude-opus-4-6");
        assertThat(opus.primary().endpoint().wire()).isEqualTo(WireApi.ANTHROPIC_MESSAGES);
        assertThat(opus.fallbacks()).extracting(Route::model).containsExactly("z/z");

        Route qwen = plan(yaml, Map.of("OLLAMA_KEY", "ollama-key-123456"), "qwen").primary();
        assertThat(qwen.endpoint().baseUrl()).isEqualTo(URI.create("https://ollama.com/v1"));
        assertThat(qwen.credentials().acquire().secret()).isEqualTo("ollama-key-123456");

        Route plain = plan(yaml, Map.of(), "some/other").primary();
        assertThat(plain.endpoint().provider()).isEqualTo("openrouter");
        assertThat(plain.model()).isEqualTo("some/other");
    }

    @Test
    void anAliasWithItsOwnFallbacksUsesThemAndNamesAMisspeltKeyByLine() throws Exception {
        String yaml = """
                model: { provider: openrouter, default: x/y }
                model_aliases:
                  fast:
                    model: m1
                    provider: deepseek
                    api_mode: chat_completions
                    fallbacks:
                      - { provider: openrouter, model: backup/one }
                      - { provider: anthropic, model: claude-x }
                fallback_providers:
                  - { provider: openrouter, model: z/z }
                """;
        Routes.Plan fast = load(yaml, Map.of()).routesFor("fast");
        assertThat(fast.primary().endpoint().provider()).isEqualTo("deepseek");
        assertThat(fast.fallbacks()).extracting(Route::model).containsExactly("backup/one", "claude-x");

        HermesConfig typo = load("model_aliases:\n  a:\n    model: m\n    fallbacks:\n      - { provider: openrouter, modle: q }\n",
                Map.of()).config();
        assertThat(typo.unknownKeys()).extracting(ConfigWarning::toString)
                .containsExactly(file + ":5: unknown key 'model_aliases.a.fallbacks[0].modle'");
        assertThatThrownBy(() -> load("model_aliases:\n  a: { model: m, api_mode: chat_completion }\n", Map.of()))
                .hasMessage(file + ":2: 'model_aliases.a.api_mode' must be one of chat_completions, anthropic_messages, got \"chat_completion\"");
    }

    @Test
    void providerAutoPicksTheFirstProviderWhoseKeyIsSetOpenRouterFirst() throws Exception {
        String yaml = "model: { provider: auto, default: some/model }\n";
        assertThat(plan(yaml, Map.of("ANTHROPIC_API_KEY", "sk-ant-123456789"), null).primary().endpoint().provider())
                .isEqualTo("anthropic");
        assertThat(plan(yaml, Map.of("ANTHROPIC_API_KEY", "sk-ant-123456789", "OPENROUTER_API_KEY", "sk-or-123456789"), null)
                .primary().endpoint().provider()).isEqualTo("openrouter");
        assertThatThrownBy(() -> plan(yaml, Map.of(), null))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(file + ":1: model.provider: 'auto' picks the provider whose key is set, but none is: set one of OPENROUTER_API_KEY");
    }

    @Test
    void extraHeadersWinOverDefaultHeadersAndReachTheEndpoint() throws Exception {
        Route r = plan("""
                model:
                  provider: openrouter
                  default: a/b
                  default_headers: { User-Agent: curl/8.7.1, X-A: one }
                  extra_headers: { X-A: two }
                providers:
                  openrouter:
                    extra_headers: { CF-Access-Client-Id: xxxx.access }
                """, Map.of(), null).primary();
        assertThat(r.endpoint().extraHeaders()).containsEntry("User-Agent", "curl/8.7.1").containsEntry("X-A", "two")
                .containsEntry("CF-Access-Client-Id", "xxxx.access");
    }

    @Test
    void theOriginalsFullExampleAndItsCommentedSectionsLoadWithoutAnUnknownKey() throws Exception {
        for (String resource : new String[]{"/original/cli-config.yaml.example", "/original/commented-sections.yaml"}) {
            String yaml;
            try (var in = getClass().getResourceAsStream(resource)) {
                yaml = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            }
            HermesConfig c = load(yaml, Map.of()).config();
            assertThat(c.unknownKeys()).as(resource).isEmpty();
            assertThat(c.unsupported()).as(resource).isNotEmpty();
        }
        Configuration example = load(new String(getClass().getResourceAsStream("/original/cli-config.yaml.example").readAllBytes(),
                java.nio.charset.StandardCharsets.UTF_8), Map.of("OPENROUTER_API_KEY", "sk-or-v1-example-0000"));
        Route r = example.routes(Routes.Overrides.NONE, new CredentialStore(System::nanoTime, new Random(1))).primary();
        assertThat(r.endpoint().provider()).isEqualTo("openrouter");
        assertThat(r.model()).isEqualTo("anthropic/claude-opus-4.6");
        assertThat(example.config().agent().maxTurns().value()).isEqualTo(500);
    }

    @Test
    void aDollarBraceApiKeyIsReadFromThatVariable() throws Exception {
        Route r = plan("model: { provider: gw, default: m }\nproviders:\n  gw: { base_url: 'https://gw.example.com/v1', api_key: '${GW_KEY}' }\n",
                Map.of("GW_KEY", "gw-secret-123456"), null).primary();
        assertThat(r.credentials().acquire().secret()).isEqualTo("gw-secret-123456");
    }

    @Test
    void aFallbackWithAMisspeltProviderIsLocatedByFileAndLine() throws Exception {
        Configuration c = load("model: { provider: openrouter, default: a/b }\nfallback_providers:\n  - provder: openrouter\n    model: x/y\n",
                Map.of());
        assertThat(c.config().unknownKeys()).extracting(ConfigWarning::toString)
                .containsExactly(file + ":3: unknown key 'fallback_providers[0].provder'");
        assertThatThrownBy(() -> c.routes(Routes.Overrides.NONE))
                .hasMessage(file + ":4: fallback_providers[0].provider: missing (every fallback names a provider)");
    }
}

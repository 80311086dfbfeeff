package dev.hermes.config;

import dev.hermes.llm.ApiError;
import dev.hermes.provider.AuthStyle;
import dev.hermes.provider.Bench;
import dev.hermes.provider.CredentialSource;
import dev.hermes.provider.RouteKey;
import dev.hermes.provider.MissingCredentialException;
import dev.hermes.provider.Route;
import dev.hermes.provider.WireApi;
import dev.hermes.provider.credentials.CredentialStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RoutesTest {
    @TempDir
    Path user;
    Path root;

    @BeforeEach
    void root() throws Exception {
        root = Files.createDirectories(user.resolve(".hermes"));
    }

    private Routes.Plan plan(String yaml, Map<String, String> vars, Routes.Overrides o) throws Exception {
        Files.writeString(root.resolve("config.yaml"), yaml);
        Configuration c = Configuration.load(new Environment(vars, user), null);
        return c.routes(o, new CredentialStore(System::nanoTime, new Random(1)));
    }

    private Routes.Plan plan(String yaml) throws Exception {
        return plan(yaml, Map.of(), Routes.Overrides.NONE);
    }

    @Test
    void primaryRouteUsesRegistryDefaultsAndResolvesKeysLive() throws Exception {
        Files.writeString(root.resolve(".env"), "MINIMAX_API_KEY=sk-cp-first-0000\n");
        Routes.Plan p = plan("model: { provider: minimax, default: MiniMax-M2.7 }\n");
        Route r = p.primary();
        assertThat(r.model()).isEqualTo("MiniMax-M2.7");
        assertThat(r.endpoint().baseUrl()).isEqualTo(URI.create("https://api.minimax.io/anthropic"));
        assertThat(r.endpoint().wire()).isEqualTo(WireApi.ANTHROPIC_MESSAGES);
        assertThat(r.endpoint().auth()).isEqualTo(AuthStyle.BOTH);
        assertThat(r.credentials().acquire().secret()).isEqualTo("sk-cp-first-0000");
        Files.writeString(root.resolve(".env"), "MINIMAX_API_KEY=sk-cp-second-111\n");
        assertThat(r.credentials().acquire().secret()).isEqualTo("sk-cp-second-111");
        assertThat(r.settings().contentIdleTimeout().value()).isEqualTo(Duration.ofSeconds(180));
        assertThat(r.settings().contentIdleTimeout().origin().describe()).isEqualTo("default");
        assertThat(p.fallbacks()).isEmpty();
    }

    @Test
    void timeoutsResolvePerModelThenPerProviderThenEnvThenDefault() throws Exception {
        String yaml = """
                model: { provider: minimax, default: MiniMax-M2.7 }
                providers:
                  minimax:
                    stale_timeout_seconds: 90
                    connect_timeout_seconds: 10
                    models:
                      MiniMax-M2.7: { stale_timeout_seconds: 20 }
                fallback_providers:
                  - { provider: minimax, model: other }
                  - { provider: openrouter, model: x/y }
                """;
        Routes.Plan p = plan(yaml, Map.of("HERMES_STREAM_STALE_TIMEOUT", "45"), Routes.Overrides.NONE);
        assertThat(p.primary().settings().contentIdleTimeout().value()).isEqualTo(Duration.ofSeconds(20));
        assertThat(p.primary().settings().contentIdleTimeout().origin().describe()).isEqualTo(root.resolve("config.yaml") + ":7");
        assertThat(p.primary().settings().connectTimeout().value()).isEqualTo(Duration.ofSeconds(10));
        assertThat(p.primary().endpoint().connectTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(p.primary().settings().deadline().value()).isEqualTo(Duration.ofSeconds(1800));
        assertThat(p.fallbacks().get(0).settings().contentIdleTimeout().value()).isEqualTo(Duration.ofSeconds(90));
        assertThat(p.fallbacks().get(1).settings().contentIdleTimeout().value()).isEqualTo(Duration.ofSeconds(45));
        assertThat(p.fallbacks().get(1).settings().contentIdleTimeout().origin().describe()).isEqualTo("env HERMES_STREAM_STALE_TIMEOUT");
    }

    @Test
    void explicitSmallTimeoutsWinEvenForLocalServers() throws Exception {
        Routes.Plan p = plan("""
                model: { provider: ollama, default: qwen3 }
                providers: { ollama: { stale_timeout_seconds: 5 } }
                fallback_providers: [ { provider: lmstudio, model: m } ]
                """);
        assertThat(p.primary().settings().contentIdleTimeout().value()).isEqualTo(Duration.ofSeconds(5));
        assertThat(p.primary().credentials()).isSameAs(CredentialSource.NONE);
        assertThat(p.primary().endpoint().auth()).isEqualTo(AuthStyle.NONE);
        assertThat(p.fallbacks().get(0).settings().contentIdleTimeout().value()).isEqualTo(Duration.ofSeconds(900));
    }

    @Test
    void fallbacksInOrderWithCustomEndpoint() throws Exception {
        Routes.Plan p = plan("""
                model: { provider: minimax, default: MiniMax-M2.7 }
                fallback_providers:
                  - { provider: openrouter, model: anthropic/claude-sonnet-4 }
                  - { provider: custom, model: qwen3, base_url: "http://localhost:8092/v1", key_env: MY_KEY, api_mode: chat_completions }
                  - { provider: custom, model: local-free, base_url: "http://127.0.0.1:9/v1" }
                """, Map.of("MY_KEY", "local-secret-key-1"), Routes.Overrides.NONE);
        assertThat(p.fallbacks()).extracting(Route::describe)
                .containsExactly("openrouter/anthropic/claude-sonnet-4", "custom/qwen3", "custom/local-free");
        Route custom = p.fallbacks().get(1);
        assertThat(custom.endpoint().baseUrl()).isEqualTo(URI.create("http://localhost:8092/v1"));
        assertThat(custom.endpoint().auth()).isEqualTo(AuthStyle.BEARER);
        assertThat(custom.credentials().acquire().source()).isEqualTo("env MY_KEY");
        assertThat(custom.settings().contentIdleTimeout().value()).isEqualTo(Duration.ofSeconds(900));
        assertThat(p.fallbacks().get(2).credentials()).isSameAs(CredentialSource.NONE);
        assertThatThrownBy(() -> p.fallbacks().get(0).credentials().acquire())
                .isInstanceOf(MissingCredentialException.class)
                .hasMessageContaining("set OPENROUTER_API_KEY");
    }

    @Test
    void cliOverridesWinAndDoNotBorrowAnotherProvidersSettings() throws Exception {
        String yaml = "model: { provider: minimax, default: MiniMax-M2.7, base_url: \"https://proxy.example/anthropic\" }\n";
        Route same = plan(yaml, Map.of(), new Routes.Overrides(null, "MiniMax-M2.5", null)).primary();
        assertThat(same.model()).isEqualTo("MiniMax-M2.5");
        assertThat(same.endpoint().baseUrl()).isEqualTo(URI.create("https://proxy.example/anthropic"));

        Route other = plan(yaml, Map.of(), new Routes.Overrides("openrouter", "x/y", null)).primary();
        assertThat(other.endpoint().baseUrl()).isEqualTo(URI.create("https://openrouter.ai/api/v1"));
        assertThat(other.endpoint().wire()).isEqualTo(WireApi.CHAT_COMPLETIONS);

        Route url = plan(yaml, Map.of(), new Routes.Overrides(null, null, "http://127.0.0.1:8080/anthropic")).primary();
        assertThat(url.endpoint().baseUrl()).isEqualTo(URI.create("http://127.0.0.1:8080/anthropic"));
    }

    @Test
    void aProviderDefinedInConfigIsUsable() throws Exception {
        Route r = plan("""
                model: { provider: mylab, default: m1 }
                providers:
                  mylab: { base_url: "https://lab.example/v1", key_env: LAB_KEY, headers: { X-Team: core } }
                """).primary();
        assertThat(r.endpoint().provider()).isEqualTo("mylab");
        assertThat(r.endpoint().extraHeaders()).containsEntry("X-Team", "core");
        assertThatThrownBy(() -> r.credentials().acquire()).hasMessageContaining("set LAB_KEY");
    }

    @Test
    void errorsNameTheConfigKeyAndLine() {
        Path f = root.resolve("config.yaml");
        assertThatThrownBy(() -> plan("model: { provider: minimax, default: m }\nfallback_providers:\n  - { provider: openrouter, model: a }\n  - { provider: opnrouter, model: b }\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(f + ":4: fallback_providers[1].provider: unknown provider 'opnrouter' (known: openrouter,");
        assertThatThrownBy(() -> plan("model: { provider: minimax-oauth, default: MiniMax-M2.7 }\n"))
                .hasMessage(f + ":1: model.provider: provider 'minimax-oauth' is not supported: MiniMax's API no longer "
                        + "accepts OAuth tokens; use `provider: minimax` and set MINIMAX_API_KEY (a Token Plan key, sk-cp-...)");
        assertThatThrownBy(() -> plan("model: { provider: custom, default: m }\n"))
                .hasMessage(f + ":1: model.base_url: provider 'custom' needs a base_url");
        assertThatThrownBy(() -> plan("model: { provider: minimax, default: m }\nfallback_providers: [ { provider: openrouter } ]\n"))
                .hasMessage(f + ":2: fallback_providers[0].model: missing (every fallback names a model)");
        assertThatThrownBy(() -> plan("model: { provider: minimax }\n", Map.of(), new Routes.Overrides("nope", "m", null)))
                .hasMessageStartingWith("--provider: unknown provider 'nope'");
        assertThatThrownBy(() -> plan("", Map.of(), new Routes.Overrides(null, null, "ftp://x")))
                .hasMessageContaining("no model configured");
    }

    @Test
    void reResolvedRoutesShareTheirPoolSoABenchedKeyStaysBenched() throws Exception {
        Files.writeString(root.resolve(".env"), "OPENROUTER_API_KEY=sk-or-only-key-000\n");
        Files.writeString(root.resolve("config.yaml"), "model: { provider: openrouter, default: a/b }\n");
        Configuration c = Configuration.load(new Environment(Map.of(), user), null);
        CredentialStore store = new CredentialStore(System::nanoTime, new Random(1));
        CredentialSource first = c.routes(Routes.Overrides.NONE, store).primary().credentials();
        RouteKey route = c.routes(Routes.Overrides.NONE, store).primary().key();
        first.bench(first.acquire(route), new Bench(route, Bench.Scope.ENDPOINT, Duration.ofMinutes(5), "auth"));

        CredentialSource rebuilt = c.routes(Routes.Overrides.NONE, store).primary().credentials();
        assertThat(rebuilt).isSameAs(first);
        assertThat(rebuilt.allBenched(route)).hasValueSatisfying(u -> assertThat(u.reason()).isEqualTo("auth"));
    }

    @Test
    void nothingConfiguredExplainsHowToConfigure() {
        assertThatThrownBy(() -> plan(""))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("set model.provider and model.default in " + root.resolve("config.yaml"))
                .hasMessageContaining("--provider and --model");
        assertThatThrownBy(() -> plan("model: { provider: openrouter }\n"))
                .hasMessageContaining("no model for provider 'openrouter': set model.default");
    }
}

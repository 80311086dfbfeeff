package dev.hermes.config;

import dev.hermes.provider.WireApi;
import dev.hermes.provider.credentials.PoolStrategy;
import dev.hermes.util.Origin;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConfigLoaderTest {
    @TempDir
    Path dir;

    static final String FULL = """
            model:
              default: MiniMax-M2.7
              provider: minimax
              base_url: https://api.minimax.io/anthropic
              api_mode: anthropic_messages
              key_env: MY_KEY
              api_key: sk-literal-should-never-print
            providers:
              minimax:
                base_url: https://mm.example/anthropic
                api_mode: chat_completions
                key_env: MM_KEY
                stale_timeout_seconds: 90
                request_timeout_seconds: 600
                connect_timeout_seconds: 10
                headers: { X-Foo: bar }
                models:
                  MiniMax-M2.7: { stale_timeout_seconds: 120, request_timeout_seconds: 900, connect_timeout_seconds: 2.5 }
            fallback_providers:
              - { provider: openrouter, model: anthropic/claude-sonnet-4 }
              - { provider: custom, model: qwen3, base_url: http://localhost:8092/v1, key_env: MY_KEY, api_mode: chat_completions }
            agent:
              max_turns: 60
              retries: 3
              max_tokens: 4096
              reasoning_effort: high
              system_prompt: be brief
            credential_pool_strategies: { openrouter: round_robin, minimax: least-used }
            env: { inherit_root: true }
            """;

    private HermesConfig load(String yaml) throws Exception {
        Path f = dir.resolve("config.yaml");
        Files.writeString(f, yaml);
        return ConfigLoader.load(f);
    }

    private Origin line(int n) {
        return Origin.file(dir.resolve("config.yaml"), n);
    }

    @Test
    void everyKeyIsParsedWithItsLine() throws Exception {
        HermesConfig c = load(FULL);

        assertThat(c.warnings()).isEmpty();
        RouteConfig m = c.model();
        assertThat(m.model().value()).isEqualTo("MiniMax-M2.7");
        assertThat(m.model().origin()).isEqualTo(line(2));
        assertThat(m.provider().origin()).isEqualTo(line(3));
        assertThat(m.baseUrl().value()).isEqualTo(URI.create("https://api.minimax.io/anthropic"));
        assertThat(m.apiMode().value()).isEqualTo(WireApi.ANTHROPIC_MESSAGES);
        assertThat(m.keyEnv().value()).isEqualTo("MY_KEY");
        assertThat(m.apiKey().origin()).isEqualTo(line(7));

        ProviderConfig p = c.provider("minimax");
        assertThat(p.baseUrl().origin()).isEqualTo(line(10));
        assertThat(p.apiMode().value()).isEqualTo(WireApi.CHAT_COMPLETIONS);
        assertThat(p.keyEnv().value()).isEqualTo("MM_KEY");
        assertThat(p.timeouts().contentIdle().value()).isEqualTo(Duration.ofSeconds(90));
        assertThat(p.timeouts().contentIdle().origin()).isEqualTo(line(13));
        assertThat(p.timeouts().deadline()).isNull(); // request_timeout_seconds is per operation, not a deadline
        assertThat(p.timeouts().livenessIdle().value()).isEqualTo(Duration.ofSeconds(600));
        assertThat(p.timeouts().connect().value()).isEqualTo(Duration.ofSeconds(10));
        assertThat(p.headers().get("X-Foo").value()).isEqualTo("bar");
        Timeouts perModel = p.models().get("MiniMax-M2.7");
        assertThat(perModel.contentIdle().value()).isEqualTo(Duration.ofSeconds(120));
        assertThat(perModel.deadline()).isNull();
        assertThat(perModel.headers().value()).isEqualTo(Duration.ofSeconds(900));
        assertThat(perModel.connect().value()).isEqualTo(Duration.ofMillis(2500));
        assertThat(perModel.contentIdle().origin()).isEqualTo(line(18));

        assertThat(c.fallbacks()).hasSize(2);
        RouteConfig f1 = c.fallbacks().get(1);
        assertThat(f1.key()).isEqualTo("fallback_providers[1]");
        assertThat(f1.provider().value()).isEqualTo("custom");
        assertThat(f1.model().value()).isEqualTo("qwen3");
        assertThat(f1.baseUrl().value()).isEqualTo(URI.create("http://localhost:8092/v1"));
        assertThat(f1.keyEnv().origin()).isEqualTo(line(21));

        assertThat(c.agent().maxTurns().value()).isEqualTo(60);
        assertThat(c.agent().maxTurns().origin()).isEqualTo(line(23));
        assertThat(c.agent().retries().value()).isEqualTo(3);
        assertThat(c.agent().maxTokens().value()).isEqualTo(4096);
        assertThat(c.agent().reasoningEffort().value()).isEqualTo("high");
        assertThat(c.agent().systemPrompt().value()).isEqualTo("be brief");
        assertThat(c.poolStrategy("openrouter").value()).isEqualTo(PoolStrategy.ROUND_ROBIN);
        assertThat(c.poolStrategy("minimax").value()).isEqualTo(PoolStrategy.LEAST_USED);
        assertThat(c.poolStrategy("deepseek").value()).isEqualTo(PoolStrategy.FILL_FIRST);
        assertThat(c.inheritRootEnv().value()).isTrue();
        assertThat(c.inheritRootEnv().origin()).isEqualTo(line(29));

        assertThat(c.settings()).filteredOn(s -> s.key().equals("model.api_key"))
                .singleElement().satisfies(s -> {
                    assertThat(s.secret()).isTrue();
                    assertThat(s.display()).isEqualTo("***");
                });
        assertThat(c.settings()).extracting(Setting::key)
                .contains("providers.minimax.models.MiniMax-M2.7.stale_timeout_seconds", "fallback_providers[1].base_url");
    }

    @Test
    void aPlainStringModelIsTheDefaultModel() throws Exception {
        HermesConfig c = load("model: \"anthropic/claude-sonnet-4\"\n");
        assertThat(c.model().model().value()).isEqualTo("anthropic/claude-sonnet-4");
        assertThat(c.model().model().origin()).isEqualTo(line(1));
        assertThat(c.model().provider()).isNull();
    }

    @Test
    void aMissingFileGivesDefaults() {
        HermesConfig c = ConfigLoader.load(dir.resolve("nope.yaml"));
        assertThat(c.model().provider()).isNull();
        assertThat(c.agent().maxTurns().value()).isEqualTo(AgentConfig.DEFAULT_MAX_TURNS);
        assertThat(c.agent().maxTurns().origin()).isEqualTo(Origin.DEFAULT);
        assertThat(c.inheritRootEnv().value()).isFalse();
        assertThat(c.settings()).extracting(Setting::key).containsExactly("agent.max_turns", "agent.retries", "env.inherit_root");
    }

    @Test
    void unknownKeysAreWarningsWithTheirLines() throws Exception {
        HermesConfig c = load("""
                model:
                  provider: minimax
                  defualt: x
                providers:
                  minimax:
                    stale_timeout: 90
                terminl:
                  backend: local
                fallback_providers:
                  - { provider: openrouter, model: m, priority: 1 }
                """);
        Path f = dir.resolve("config.yaml");
        assertThat(c.warnings()).extracting(ConfigWarning::toString).containsExactly(
                f + ":3: unknown key 'model.defualt'",
                f + ":6: unknown key 'providers.minimax.stale_timeout'",
                f + ":7: unknown key 'terminl'",
                f + ":10: unknown key 'fallback_providers[0].priority'");
        assertThat(c.unknownKeys()).hasSize(4);
        assertThat(c.model().provider().value()).isEqualTo("minimax");
    }

    @Test
    void aWrongTypeNamesFileLineAndKey() {
        assertThatThrownBy(() -> load("agent:\n  retries: 1\n\n\n\n\n  max_turns: many\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessage(dir.resolve("config.yaml") + ":7: 'agent.max_turns' must be an integer, got \"many\"");
        assertThatThrownBy(() -> load("providers:\n  x:\n    base_url: ftp://nope\n"))
                .hasMessage(dir.resolve("config.yaml") + ":3: 'providers.x.base_url' must be an http(s) URL, got \"ftp://nope\"");
        assertThatThrownBy(() -> load("fallback_providers: { provider: x }\n"))
                .hasMessage(dir.resolve("config.yaml") + ":1: 'fallback_providers' must be a list, got a mapping");
        assertThatThrownBy(() -> load("model: { api_mode: grpc }\n"))
                .hasMessageContaining("'model.api_mode' must be one of chat_completions, anthropic_messages");
    }

    @Test
    void aWronglyTypedSecretIsNotEchoed() {
        assertThatThrownBy(() -> load("providers:\n  p:\n    headers:\n      Authorization: [sk-hidden-1234]\n"))
                .hasMessageContaining(":4: 'providers.p.headers.Authorization' must be a string, got a list");
        assertThatThrownBy(() -> load("credential_pool_strategies: { openrouter: sk-typo-secret }\n"))
                .hasMessageContaining("must be one of fill_first, round_robin, least_used, random");
    }

    @Test
    void malformedYamlNamesFileAndLine() {
        assertThatThrownBy(() -> load("model:\n  provider: minimax\n  default: [unclosed\nagent: {}\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(dir.resolve("config.yaml") + ":")
                .hasMessageContaining("malformed YAML");
    }

    @Test
    void duplicateKeysAreErrors() {
        assertThatThrownBy(() -> load("agent:\n  retries: 1\n  retries: 2\n"))
                .hasMessage(dir.resolve("config.yaml") + ":3: duplicate key 'agent.retries' (first at line 2)");
    }

    @Test
    void emptySectionsCountAsAbsent() throws Exception {
        HermesConfig c = load("agent:\nmodel:\n  provider:\n");
        assertThat(c.agent().maxTurns().value()).isEqualTo(AgentConfig.DEFAULT_MAX_TURNS);
        assertThat(c.model().provider()).isNull();
    }
}

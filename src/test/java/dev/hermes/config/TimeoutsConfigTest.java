package dev.hermes.config;

import dev.hermes.provider.ProviderSettings;
import dev.hermes.provider.credentials.CredentialStore;
import dev.hermes.stream.StreamTimeouts;
import dev.hermes.util.Sourced;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The six stream timers through config.yaml, the environment and {@link Routes}, down to the watchdog's input. */
class TimeoutsConfigTest {
    @TempDir
    Path user;
    Path cfg;

    @BeforeEach
    void home() throws Exception {
        cfg = Files.createDirectories(user.resolve(".hermes")).resolve("config.yaml");
    }

    private Routes.Plan plan(String yaml, Map<String, String> vars) throws Exception {
        Files.writeString(cfg, yaml);
        Configuration c = Configuration.load(new Environment(vars, user), null);
        return c.routes(Routes.Overrides.NONE, new CredentialStore(System::nanoTime, new Random(1)));
    }

    private ProviderSettings primary(String yaml) throws Exception {
        return plan(yaml, Map.of()).primary().settings();
    }

    private String at(int line) {
        return cfg + ":" + line;
    }

    private static String show(Sourced<Duration> d) {
        return ConfigLoader.seconds(d.value()) + " from " + d.origin().describe();
    }

    @Test
    void nothingConfiguredGivesTheBuiltInDefaultsLocalOrRemote() throws Exception {
        Routes.Plan p = plan("""
                model: { provider: minimax, default: m }
                fallback_providers: [ { provider: ollama, model: qwen3 } ]
                """, Map.of());
        assertThat(p.primary().settings().timeouts(0)).isEqualTo(StreamTimeouts.defaults(false));
        assertThat(p.fallbacks().get(0).settings().timeouts(0)).isEqualTo(StreamTimeouts.defaults(true));
        assertThat(show(p.fallbacks().get(0).settings().contentIdleTimeout())).isEqualTo("900 from default (local server)");
        assertThat(show(p.primary().settings().deadline())).isEqualTo("1800 from default");
    }

    @Test
    void eachTimerResolvesModelThenProviderThenGlobalThenEnvThenDefault() throws Exception {
        String yaml = """
                model: { provider: minimax, default: M1 }
                timeouts:
                  connect_timeout_seconds: 5
                  headers_timeout_seconds: 50
                  first_content_timeout_seconds: 60
                providers:
                  minimax:
                    headers_timeout_seconds: 40
                    first_content_timeout_seconds: 41
                    liveness_idle_timeout_seconds: 30
                    models:
                      M1: { first_content_timeout_seconds: 0.25, deadline_seconds: 600 }
                fallback_providers: [ { provider: openrouter, model: x/y } ]
                """;
        Routes.Plan p = plan(yaml, Map.of("HERMES_STREAM_STALE_TIMEOUT", "45"));
        ProviderSettings s = p.primary().settings();
        assertThat(show(s.connectTimeout())).isEqualTo("5 from " + at(3));
        assertThat(show(s.headersTimeout())).isEqualTo("40 from " + at(8));
        assertThat(show(s.firstContentTimeout())).isEqualTo("0.25 from " + at(12));
        assertThat(show(s.contentIdleTimeout())).isEqualTo("45 from env HERMES_STREAM_STALE_TIMEOUT");
        assertThat(show(s.livenessIdleTimeout())).isEqualTo("30 from " + at(10));
        assertThat(show(s.deadline())).isEqualTo("600 from " + at(12));
        assertThat(p.primary().endpoint().connectTimeout()).isEqualTo(Duration.ofSeconds(5));

        ProviderSettings other = p.fallbacks().get(0).settings();
        assertThat(show(other.headersTimeout())).isEqualTo("50 from " + at(4));
        assertThat(show(other.firstContentTimeout())).isEqualTo("60 from " + at(5));
        assertThat(show(other.livenessIdleTimeout())).isEqualTo("180 from default");
        assertThat(show(other.deadline())).isEqualTo("1800 from default");

        // the global section beats the environment
        ProviderSettings global = plan("model: { provider: minimax, default: M1 }\ntimeouts: { content_idle_timeout_seconds: 70 }\n",
                Map.of("HERMES_STREAM_STALE_TIMEOUT", "45")).primary().settings();
        assertThat(show(global.contentIdleTimeout())).isEqualTo("70 from " + at(2));
    }

    @Test
    void staleTimeoutSecondsIsAnAliasForContentIdleAtEveryLevel() throws Exception {
        String yaml = """
                model: { provider: minimax, default: M1 }
                timeouts: { stale_timeout_seconds: 100 }
                providers:
                  minimax:
                    stale_timeout_seconds: 70
                    models: { M1: { stale_timeout_seconds: 30 } }
                """;
        assertThat(show(primary(yaml).contentIdleTimeout())).isEqualTo("30 from " + at(6));
        // an alias at one level and our name at another are two levels, not a conflict
        ProviderSettings mixed = primary("""
                model: { provider: minimax, default: M1 }
                timeouts: { stale_timeout_seconds: 100 }
                providers: { minimax: { content_idle_timeout_seconds: 200 } }
                """);
        assertThat(show(mixed.contentIdleTimeout())).isEqualTo("200 from " + at(3));
    }

    /**
     * Issue 8, defect 2: the original's request_timeout_seconds (per model: timeout_seconds) is the
     * HTTP client's per-operation timeout: connect (at most 60 s), headers and the wait for the next
     * bytes. It never sets the deadline, so a healthy answer longer than it is not killed.
     */
    @Test
    void requestTimeoutSecondsIsThePerOperationTimeoutNotTheDeadline() throws Exception {
        ProviderSettings s = primary("""
                model: { provider: anthropic, default: M1 }
                providers:
                  anthropic: { request_timeout_seconds: 30 }
                """);
        assertThat(show(s.connectTimeout())).isEqualTo("30 from " + at(3));
        assertThat(show(s.headersTimeout())).isEqualTo("30 from " + at(3));
        assertThat(show(s.livenessIdleTimeout())).isEqualTo("30 from " + at(3));
        assertThat(s.deadline().value()).isEqualTo(Duration.ofSeconds(1800));
        assertThat(s.contentIdleTimeout().value()).isEqualTo(Duration.ofSeconds(180));

        ProviderSettings perModel = primary("""
                model: { provider: anthropic, default: M1 }
                providers:
                  anthropic:
                    request_timeout_seconds: 30
                    models: { M1: { timeout_seconds: 600, headers_timeout_seconds: 20 } }
                """);
        assertThat(show(perModel.connectTimeout())).isEqualTo("60 from " + at(5)); // connect capped at 60 s
        assertThat(show(perModel.headersTimeout())).isEqualTo("20 from " + at(5)); // our own name wins at its level
        assertThat(show(perModel.livenessIdleTimeout())).isEqualTo("600 from " + at(5));
    }

    @Test
    void theOriginalsEnvironmentVariablesSetTheSameTimers() throws Exception {
        ProviderSettings read = plan("model: { provider: minimax, default: m }\n",
                Map.of("HERMES_STREAM_READ_TIMEOUT", "45", "HERMES_API_TIMEOUT", "90")).primary().settings();
        assertThat(show(read.headersTimeout())).isEqualTo("45 from env HERMES_STREAM_READ_TIMEOUT");
        assertThat(show(read.livenessIdleTimeout())).isEqualTo("45 from env HERMES_STREAM_READ_TIMEOUT");
        assertThat(show(read.connectTimeout())).isEqualTo("60 from env HERMES_API_TIMEOUT");
        assertThat(read.deadline().value()).isEqualTo(Duration.ofSeconds(1800));
        // config wins over the environment
        ProviderSettings configured = plan("""
                model: { provider: minimax, default: m }
                providers: { minimax: { request_timeout_seconds: 10 } }
                """, Map.of("HERMES_API_TIMEOUT", "90")).primary().settings();
        assertThat(show(configured.livenessIdleTimeout())).isEqualTo("10 from " + at(2));
        assertThatThrownBy(() -> plan("model: { provider: minimax, default: m }\n", Map.of("HERMES_API_TIMEOUT", "soon")))
                .hasMessage("env HERMES_API_TIMEOUT: HERMES_API_TIMEOUT must be a positive number of seconds, got \"soon\"");
    }

    @Test
    void anAliasAndItsNewNameAtOneLevelIsAnErrorNamingBothKeysAndTheLine() {
        assertThatThrownBy(() -> primary("""
                model: { provider: minimax, default: M1 }
                providers:
                  minimax:
                    stale_timeout_seconds: 90
                    content_idle_timeout_seconds: 60
                """)).isInstanceOf(ConfigException.class)
                .hasMessage(at(5) + ": 'providers.minimax.content_idle_timeout_seconds' and "
                        + "'providers.minimax.stale_timeout_seconds' (line 4) set the same timer; keep one");
    }

    @Test
    void badValuesNameFileLineAndKey() {
        assertThatThrownBy(() -> primary("timeouts:\n  deadline_seconds: soon\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessage(at(2) + ": 'timeouts.deadline_seconds' must be a positive number of seconds, got \"soon\"");
        assertThatThrownBy(() -> primary("providers: { x: { liveness_idle_timeout_seconds: -1 } }\n"))
                .hasMessage(at(1) + ": 'providers.x.liveness_idle_timeout_seconds' must be a positive number of seconds, got \"-1\"");
        assertThatThrownBy(() -> primary("timeouts: { headers_timeout_seconds: 0 }\n"))
                .hasMessageContaining("'timeouts.headers_timeout_seconds' must be a positive number of seconds, got \"0\"");
        assertThatThrownBy(() -> primary("timeouts: { connect_timeout_seconds: 0.0001 }\n"))
                .hasMessageContaining("'timeouts.connect_timeout_seconds' must be a positive number of seconds");
        assertThatThrownBy(() -> plan("model: { provider: minimax, default: m }\n", Map.of("HERMES_STREAM_STALE_TIMEOUT", "0")))
                .hasMessage("env HERMES_STREAM_STALE_TIMEOUT: HERMES_STREAM_STALE_TIMEOUT must be a positive number of seconds, got \"0\"");
    }

    @Test
    void anUnsetLivenessIsNeverShorterThanTheContentTimers() throws Exception {
        ProviderSettings quiet = primary("model: { provider: ollama, default: q }\nproviders: { ollama: { stale_timeout_seconds: 600 } }\n");
        // a local server's defaults are 900 s for every content timer and liveness alike
        assertThat(show(quiet.livenessIdleTimeout())).isEqualTo("900 from default");
        ProviderSettings longIdle = primary("model: { provider: minimax, default: m }\ntimeouts: { content_idle_timeout_seconds: 600 }\n");
        assertThat(show(longIdle.livenessIdleTimeout())).isEqualTo("600 from default (as content_idle_timeout_seconds)");

        ProviderSettings fromEnv = plan("model: { provider: minimax, default: m }\n", Map.of("HERMES_STREAM_STALE_TIMEOUT", "300"))
                .primary().settings();
        assertThat(fromEnv.livenessIdleTimeout().value()).isEqualTo(Duration.ofSeconds(300));

        ProviderSettings shorter = primary("model: { provider: minimax, default: m }\ntimeouts: { content_idle_timeout_seconds: 100 }\n");
        assertThat(show(shorter.livenessIdleTimeout())).isEqualTo("180 from default");

        ProviderSettings both = primary("model: { provider: minimax, default: m }\n"
                + "timeouts: { content_idle_timeout_seconds: 600, liveness_idle_timeout_seconds: 90 }\n");
        assertThat(show(both.livenessIdleTimeout())).isEqualTo("90 from " + at(2));
    }

    @Test
    void largeContextsRaiseOnlyDefaultsAndAnExplicitSettingAlwaysWins() throws Exception {
        ProviderSettings remote = primary("model: { provider: minimax, default: m }\n");
        assertThat(remote.timeouts(50_000).contentIdle()).isEqualTo(Duration.ofSeconds(180));
        assertThat(remote.timeouts(50_001).contentIdle()).isEqualTo(Duration.ofSeconds(240));
        assertThat(remote.timeouts(100_001).contentIdle()).isEqualTo(Duration.ofSeconds(300));
        // first content rises with content idle (a long prompt delays the first token most), and a
        // defaulted liveness stays no shorter than both
        assertThat(remote.timeouts(100_001)).isEqualTo(remote.timeouts(0).withContentIdle(Duration.ofSeconds(300))
                .withFirstContent(Duration.ofSeconds(300)).withLivenessIdle(Duration.ofSeconds(300)));

        // The original's open bug: its floors were max()ed over explicit settings too.
        ProviderSettings small = primary("model: { provider: ollama, default: q }\nproviders: { ollama: { stale_timeout_seconds: 30 } }\n");
        assertThat(small.timeouts(150_000).contentIdle()).isEqualTo(Duration.ofSeconds(30));
        ProviderSettings fromEnv = plan("model: { provider: minimax, default: m }\n", Map.of("HERMES_STREAM_STALE_TIMEOUT", "45"))
                .primary().settings();
        assertThat(fromEnv.timeouts(150_000).contentIdle()).isEqualTo(Duration.ofSeconds(45));

        ProviderSettings local = primary("model: { provider: ollama, default: q }\n");
        assertThat(local.timeouts(150_000).contentIdle()).isEqualTo(Duration.ofSeconds(900));
    }
}

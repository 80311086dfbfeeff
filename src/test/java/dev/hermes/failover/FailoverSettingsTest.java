package dev.hermes.failover;

import dev.hermes.app.App;
import dev.hermes.config.ConfigException;
import dev.hermes.config.Configuration;
import dev.hermes.config.Environment;
import dev.hermes.log.EventLog;
import dev.hermes.stream.StreamWatchdog;
import dev.hermes.util.MonotonicClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The failover's settings: the builder's defaults, and production's as the composition root
 * builds them from config.yaml and the environment, the original's names included.
 */
class FailoverSettingsTest {

    @TempDir
    Path user;

    private FailoverSettings settings(String yaml, Map<String, String> vars) throws Exception {
        Files.writeString(Files.createDirectories(user.resolve(".hermes")).resolve("config.yaml"), yaml);
        Configuration c = Configuration.load(new Environment(vars, user), null);
        return App.withLog(c, EventLog.NONE).failover(null);
    }

    @Test
    void defaultsMoveOnAfterATimeoutCapAnswersAndLeaveTheSlowDripGuardOff() throws Exception {
        FailoverSettings s = settings("model: {provider: openrouter, default: a/b}\n", Map.of());
        assertThat(s.retriesPerRoute()).isEqualTo(2);
        assertThat(s.streamRetries()).isEqualTo(2);
        assertThat(s.moveOnAfterTimeout()).isTrue();
        assertThat(s.maxAnswerChars()).isEqualTo(FailoverSettings.DEFAULT_MAX_ANSWER_CHARS);
        assertThat(s.slowDrip()).isNull();
        // production's machinery is the process-wide one, shared by every session and request
        assertThat(s.clients()).isSameAs(ClientPool.shared());
        assertThat(s.watchdog()).isSameAs(StreamWatchdog.shared());
        assertThat(s.prefill()).isSameAs(PrefillSupport.shared());
    }

    @Test
    void theOriginalsRetryCountsMeanWhatTheyMeantThere() throws Exception {
        // api_max_retries counts attempts; HERMES_STREAM_RETRIES counts retries after a stream failure
        FailoverSettings s = settings("agent: {api_max_retries: 1}\n", Map.of("HERMES_STREAM_RETRIES", "4"));
        assertThat(s.retriesPerRoute()).isZero();
        assertThat(s.streamRetries()).isEqualTo(4);
        // our own key wins over the original's
        assertThat(settings("agent: {api_max_retries: 1, retries: 3}\n", Map.of()).retriesPerRoute()).isEqualTo(3);
        assertThatThrownBy(() -> settings("agent: {retries: 1}\n", Map.of("HERMES_STREAM_RETRIES", "lots")))
                .isInstanceOf(ConfigException.class)
                .hasMessage("env HERMES_STREAM_RETRIES: HERMES_STREAM_RETRIES must be a whole number from 0 to 100, got \"lots\"");
    }

    @Test
    void failoverKeysSetTheCapTheGuardAndTheTimeoutPolicy() throws Exception {
        FailoverSettings s = settings("""
                failover:
                  move_on_after_timeout: false
                  max_answer_chars: 100000
                  slow_drip_min_chars: 50
                  slow_drip_window_seconds: 30
                  call_deadline_seconds: 90
                  backoff_base_seconds: 0.5
                """, Map.of());
        assertThat(s.moveOnAfterTimeout()).isFalse();
        assertThat(s.maxAnswerChars()).isEqualTo(100_000);
        assertThat(s.slowDrip()).isEqualTo(new SlowDrip(50, Duration.ofSeconds(30)));
        assertThat(s.callDeadline()).isEqualTo(Duration.ofSeconds(90));
        assertThat(s.backoff().config().base()).isEqualTo(Duration.ofMillis(500));
    }

    @Test
    void theBuilderNeedsOnlyClientsAndAWatchdogAndSharesNothingByDefault() {
        try (ClientPool clients = new ClientPool(); StreamWatchdog watchdog = StreamWatchdog.start(MonotonicClock.SYSTEM)) {
            FailoverSettings s = FailoverSettings.builder().clients(clients).watchdog(watchdog).build();
            assertThat(s.retriesPerRoute()).isEqualTo(FailoverSettings.DEFAULT_RETRIES);
            assertThat(s.streamRetries()).isEqualTo(FailoverSettings.DEFAULT_RETRIES);
            assertThat(s.backoff().config()).isEqualTo(Backoff.Config.DEFAULTS);
            assertThat(s.breakers()).isNotSameAs(CircuitBreakers.shared());
            assertThat(s.prefill()).isNotSameAs(PrefillSupport.shared());
            assertThat(s.log()).isSameAs(EventLog.NONE);
            assertThat(s.session()).isNull();
            assertThat(s.callDeadline()).isNull();
            assertThat(s.moveOnAfterTimeout()).isTrue();
            assertThat(s.maxAnswerChars()).isEqualTo(FailoverSettings.DEFAULT_MAX_ANSWER_CHARS);
            assertThat(s.slowDrip()).isNull();

            // stream retries follow the route's unless set; toBuilder changes one part and keeps the rest
            assertThat(FailoverSettings.builder().clients(clients).watchdog(watchdog).retriesPerRoute(5).build()
                    .streamRetries()).isEqualTo(5);
            FailoverSettings changed = s.toBuilder().session("abc").streamRetries(0).build();
            assertThat(changed).isEqualTo(new FailoverSettings(s.retriesPerRoute(), 0, s.backoff(), s.breakers(), clients,
                    watchdog, s.prefill(), s.clock(), s.log(), "abc", null, true, s.maxAnswerChars(), null));
            assertThat(changed.withCallDeadline(Duration.ofSeconds(3)).callDeadline()).isEqualTo(Duration.ofSeconds(3));

            assertThatThrownBy(() -> FailoverSettings.builder().watchdog(watchdog).build())
                    .isInstanceOf(NullPointerException.class).hasMessage("clients");
            assertThatThrownBy(() -> s.toBuilder().retriesPerRoute(-1).build())
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }
}

package dev.hermes.stream;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TimeoutOverridesTest {

    private static TimeoutOverrides of(Map<String, ?> m) {
        return TimeoutOverrides.fromMap(m, "config.yaml: test");
    }

    @Test
    void defaultsWhenNothingIsSet() {
        StreamTimeouts t = TimeoutOverrides.resolve(TimeoutOverrides.NONE, TimeoutOverrides.NONE, TimeoutOverrides.NONE, false, 0);
        assertThat(t).isEqualTo(StreamTimeouts.DEFAULTS);
        assertThat(t.contentIdle()).isEqualTo(Duration.ofSeconds(180));
        assertThat(TimeoutOverrides.resolve(TimeoutOverrides.NONE, TimeoutOverrides.NONE, TimeoutOverrides.NONE, true, 0)
                .contentIdle()).isEqualTo(Duration.ofSeconds(900));
    }

    @Test
    void modelBeatsProviderBeatsGlobal() {
        TimeoutOverrides global = of(Map.of("stale_timeout_seconds", 100, "connect_timeout_seconds", 5));
        TimeoutOverrides provider = of(Map.of("content_idle_timeout_seconds", 200));
        TimeoutOverrides model = of(Map.of("content_idle_timeout_seconds", "0.05"));
        StreamTimeouts t = TimeoutOverrides.resolve(global, provider, model, false, 0);
        assertThat(t.contentIdle()).isEqualTo(Duration.ofMillis(50));
        assertThat(t.connect()).isEqualTo(Duration.ofSeconds(5));
        assertThat(TimeoutOverrides.resolve(global, provider, TimeoutOverrides.NONE, false, 0).contentIdle())
                .isEqualTo(Duration.ofSeconds(200));
    }

    @Test
    void anExplicitSmallValueIsNeverRaisedByFloorsForLocalOrLargeContexts() {
        TimeoutOverrides explicit = of(Map.of("stale_timeout_seconds", 30));
        assertThat(TimeoutOverrides.resolve(explicit, TimeoutOverrides.NONE, TimeoutOverrides.NONE, true, 150_000)
                .contentIdle()).isEqualTo(Duration.ofSeconds(30));
        // without one, large contexts raise the default as in the original
        assertThat(TimeoutOverrides.resolve(TimeoutOverrides.NONE, TimeoutOverrides.NONE, TimeoutOverrides.NONE, false, 60_000)
                .contentIdle()).isEqualTo(Duration.ofSeconds(240));
        assertThat(TimeoutOverrides.resolve(TimeoutOverrides.NONE, TimeoutOverrides.NONE, TimeoutOverrides.NONE, false, 120_000)
                .contentIdle()).isEqualTo(Duration.ofSeconds(300));
    }

    @Test
    void theOriginalsRequestTimeoutIsOurDeadline() {
        assertThat(of(Map.of("request_timeout_seconds", 600)).deadline()).isEqualTo(Duration.ofSeconds(600));
    }

    @Test
    void badValuesNameTheOriginAndKey() {
        assertThatThrownBy(() -> of(Map.of("deadline_seconds", "soon")))
                .hasMessage("config.yaml: test: 'deadline_seconds' must be a number of seconds, got 'soon'");
        assertThatThrownBy(() -> of(Map.of("liveness_idle_timeout_seconds", -1)))
                .hasMessageContaining("'liveness_idle_timeout_seconds' must be positive");
        assertThatThrownBy(() -> of(Map.of("stale_timeout_seconds", 1, "content_idle_timeout_seconds", 2)))
                .hasMessageContaining("set the same timeout");
        assertThat(of(Map.of("model", "x", "temperature", 0.2))).isEqualTo(TimeoutOverrides.NONE);
    }
}

package dev.hermes.failover;

import dev.hermes.stream.StreamTimeouts;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class WorstCaseTest {

    @Test
    void sumsAttemptsAndWaitsOverTheChain() {
        StreamTimeouts primary = StreamTimeouts.uniform(Duration.ofSeconds(1)).withDeadline(Duration.ofSeconds(10));
        StreamTimeouts fallback = StreamTimeouts.uniform(Duration.ofSeconds(1)).withDeadline(Duration.ofSeconds(4));
        Backoff.Config backoff = new Backoff.Config(Duration.ofMillis(100), Duration.ofSeconds(2), Backoff.Jitter.FULL,
                Duration.ofSeconds(3));
        var config = new WorstCase.Config(List.of(primary, fallback), 2, backoff, Duration.ofMillis(500));
        // primary: 3 x 10.5 + 2 x 3 = 37.5; fallback: 3 x 4.5 + 2 x 3 = 19.5
        assertThat(WorstCase.bound(config)).isEqualTo(Duration.ofMillis(57_000));
    }

    @Test
    void defaultsForAThreeProviderChain() {
        var config = new WorstCase.Config(List.of(StreamTimeouts.DEFAULTS, StreamTimeouts.DEFAULTS, StreamTimeouts.DEFAULTS),
                RetryBudget.DEFAULT_RETRIES, Backoff.Config.DEFAULTS, WorstCase.DEFAULT_SLACK);
        // 3 x (3 x 1801 s + 2 x 60 s)
        assertThat(WorstCase.bound(config)).isEqualTo(Duration.ofSeconds(3 * (3 * 1801 + 120)));
    }
}

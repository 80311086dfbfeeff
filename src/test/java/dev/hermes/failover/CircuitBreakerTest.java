package dev.hermes.failover;

import dev.hermes.failover.CircuitBreaker.State;
import dev.hermes.llm.ApiError;
import dev.hermes.provider.AuthStyle;
import dev.hermes.provider.Endpoint;
import dev.hermes.provider.RouteKey;
import dev.hermes.provider.WireApi;
import dev.hermes.stream.StallKind;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class CircuitBreakerTest {

    private final AtomicLong now = new AtomicLong(0);
    private final CircuitBreaker.Config config = new CircuitBreaker.Config(3, Duration.ofSeconds(30),
            Duration.ofSeconds(60), Duration.ofHours(4), Duration.ofMinutes(35));
    private final CircuitBreaker breaker = new CircuitBreaker(config, now::get);

    private static final Classification STALL = Classifier.classify(
            new Failure.Stalled(StallKind.CONTENT_IDLE, Duration.ofSeconds(1), Duration.ofSeconds(1), "a"), null);
    private static final Classification RATE_LIMIT = Classifier.classify(
            new Failure.HttpError(new ApiError(429, null, null, "slow down", null, null)), null);
    private static final Classification FILTERED = Classifier.classify(new Failure.ContentFiltered("x"), null);

    private void advance(Duration d) {
        now.addAndGet(d.toNanos());
    }

    @Test
    void opensAfterConsecutiveFailuresAndASuccessResetsTheCount() {
        breaker.onFailure(STALL);
        breaker.onFailure(STALL);
        breaker.onSuccess();
        breaker.onFailure(STALL);
        breaker.onFailure(STALL);
        breaker.onFailure(FILTERED); // request-specific: not counted
        assertThat(breaker.tryAcquire()).isTrue();
        breaker.onFailure(STALL);
        assertThat(breaker.state()).isInstanceOf(State.Open.class);
        assertThat(breaker.tryAcquire()).isFalse();
        assertThat(breaker.remainingOpen()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void halfOpenAdmitsOneProbeWhoseOutcomeDecides() {
        for (int i = 0; i < 3; i++) breaker.onFailure(STALL);
        advance(Duration.ofSeconds(29));
        assertThat(breaker.tryAcquire()).isFalse();
        advance(Duration.ofSeconds(1));
        assertThat(breaker.tryAcquire()).as("the probe").isTrue();
        assertThat(breaker.tryAcquire()).as("a second caller while probing").isFalse();
        breaker.onFailure(STALL);
        assertThat(breaker.state()).isInstanceOf(State.Open.class);
        advance(Duration.ofSeconds(30));
        assertThat(breaker.tryAcquire()).isTrue();
        breaker.onSuccess();
        assertThat(breaker.state()).isEqualTo(new State.Closed(0, 0));
        assertThat(breaker.tryAcquire()).isTrue();
        assertThat(breaker.tryAcquire()).isTrue();
    }

    @Test
    void aLostProbeIsReplacedAfterTheProbeTimeout() {
        for (int i = 0; i < 3; i++) breaker.onFailure(STALL);
        advance(Duration.ofSeconds(30));
        assertThat(breaker.tryAcquire()).isTrue();
        advance(Duration.ofMinutes(34));
        assertThat(breaker.tryAcquire()).isFalse();
        advance(Duration.ofMinutes(1));
        assertThat(breaker.tryAcquire()).isTrue();
    }

    @Test
    void exactlyOneOfManyConcurrentCallersProbes() throws Exception {
        for (int i = 0; i < 3; i++) breaker.onFailure(STALL);
        advance(Duration.ofSeconds(31));
        int callers = 16;
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Boolean>> results = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(callers)) {
            for (int i = 0; i < callers; i++) {
                results.add(pool.submit(() -> {
                    go.await();
                    return breaker.tryAcquire();
                }));
            }
            go.countDown();
            int admitted = 0;
            for (Future<Boolean> f : results) if (f.get()) admitted++;
            assertThat(admitted).isEqualTo(1);
        }
    }

    @Test
    void rateLimitTripsDoubleUpToFourHoursAndResetOnSuccess() {
        List<Duration> opens = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            breaker.onFailure(RATE_LIMIT);
            opens.add(breaker.remainingOpen());
            advance(breaker.remainingOpen());
            assertThat(breaker.tryAcquire()).isTrue(); // the probe, which is rate-limited again
        }
        assertThat(opens).containsExactly(Duration.ofMinutes(1), Duration.ofMinutes(2), Duration.ofMinutes(4),
                Duration.ofMinutes(8), Duration.ofMinutes(16), Duration.ofMinutes(32), Duration.ofMinutes(64),
                Duration.ofMinutes(128), Duration.ofHours(4), Duration.ofHours(4));
        breaker.onSuccess();
        breaker.onFailure(RATE_LIMIT);
        assertThat(breaker.remainingOpen()).isEqualTo(Duration.ofMinutes(1));
    }

    @Test
    void theProvidersResetTimeWinsAndConcurrentReportsDoNotDouble() {
        Classification withReset = Classifier.classify(
                new Failure.HttpError(new ApiError(429, null, null, "x", Duration.ofSeconds(17), null)), null);
        breaker.onFailure(withReset);
        assertThat(breaker.remainingOpen()).isEqualTo(Duration.ofSeconds(17));
        breaker.onFailure(RATE_LIMIT); // a second session's report of the same episode
        breaker.onFailure(RATE_LIMIT);
        assertThat(breaker.remainingOpen()).isEqualTo(Duration.ofMinutes(1));
        assertThat(((State.Open) breaker.state()).trips()).isEqualTo(1);
    }

    @Test
    void theRegistryKeysByProviderUrlAndModel() {
        CircuitBreakers all = new CircuitBreakers(config, now::get);
        Endpoint mm = new Endpoint("minimax", URI.create("https://api.minimax.io/anthropic"),
                WireApi.ANTHROPIC_MESSAGES, AuthStyle.BOTH, null, null);
        Endpoint cn = new Endpoint("minimax", URI.create("https://api.minimaxi.com/anthropic"),
                WireApi.ANTHROPIC_MESSAGES, AuthStyle.BOTH, null, null);
        assertThat(all.forRoute(RouteKey.of(mm, "MiniMax-M2.7"))).isSameAs(all.forRoute(RouteKey.of(mm, "MiniMax-M2.7")));
        assertThat(all.forRoute(RouteKey.of(mm, "MiniMax-M2.7"))).isNotSameAs(all.forRoute(RouteKey.of(mm, "MiniMax-M2")));
        assertThat(all.forRoute(RouteKey.of(mm, "MiniMax-M2.7"))).isNotSameAs(all.forRoute(RouteKey.of(cn, "MiniMax-M2.7")));
        assertThat(CircuitBreakers.shared()).isSameAs(CircuitBreakers.shared());
    }
}

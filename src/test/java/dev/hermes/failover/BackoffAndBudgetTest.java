package dev.hermes.failover;

import dev.hermes.failover.Backoff.Wait;
import dev.hermes.llm.ApiError;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BackoffAndBudgetTest {

    private final List<Duration> slept = new ArrayList<>();
    private static final Duration S1 = Duration.ofSeconds(1);

    private Backoff backoff(Backoff.Jitter jitter) {
        return new Backoff(new Backoff.Config(S1, Duration.ofSeconds(8), jitter, Duration.ofSeconds(60)),
                new SplittableRandom(42), slept::add);
    }

    private static Duration sleep(Wait w) {
        return ((Wait.Sleep) w).duration();
    }

    @Test
    void fullJitterStaysUnderTheGrowingCeilingAndTheCap() {
        Backoff b = backoff(Backoff.Jitter.FULL);
        for (int retry = 1; retry <= 8; retry++) {
            Duration ceiling = Duration.ofSeconds(Math.min(8, 1L << (retry - 1)));
            for (int i = 0; i < 200; i++) {
                assertThat(sleep(b.plan(retry, Duration.ZERO, null))).isBetween(Duration.ZERO, ceiling);
            }
        }
        // jitter really spreads: 200 draws for retry 4 are not all alike
        assertThat(java.util.stream.IntStream.range(0, 200).mapToObj(i -> sleep(b.plan(4, Duration.ZERO, null)))
                .distinct().count()).isGreaterThan(100);
    }

    @Test
    void decorrelatedJitterGrowsFromThePreviousDelayWithinBaseAndCap() {
        Backoff b = backoff(Backoff.Jitter.DECORRELATED);
        Duration prev = Duration.ZERO;
        for (int retry = 1; retry <= 20; retry++) {
            Duration d = sleep(b.plan(retry, prev, null));
            assertThat(d).isBetween(S1, Duration.ofSeconds(8));
            assertThat(d).isLessThanOrEqualTo(prev.multipliedBy(3).compareTo(S1) < 0 ? S1 : prev.multipliedBy(3));
            prev = d;
        }
    }

    @Test
    void retryAfterIsHonouredExactlyUpToTheCapAndLongerAsksMeanMoveOn() throws Exception {
        Backoff b = backoff(Backoff.Jitter.FULL);
        Wait w = b.plan(1, Duration.ZERO, Duration.ofSeconds(20));
        assertThat(w).isEqualTo(new Wait.Sleep(Duration.ofSeconds(20)));
        b.await((Wait.Sleep) w);
        assertThat(slept).containsExactly(Duration.ofSeconds(20));
        assertThat(b.plan(1, Duration.ZERO, Duration.ofSeconds(61))).isEqualTo(new Wait.TooLong(Duration.ofSeconds(61)));
        assertThatThrownBy(() -> b.plan(0, Duration.ZERO, null)).hasMessageContaining("start at 1");
    }

    private static Classification http(int status) {
        return Classifier.classify(new Failure.HttpError(new ApiError(status, null, null, "x", null, null)), null);
    }

    @Test
    void theSameFailureTwiceMovesOnEvenWithBudgetLeft() {
        RetryBudget budget = new RetryBudget(5);
        assertThat(budget.afterFailure(http(503), false)).isEqualTo(RetryBudget.Verdict.RETRY);
        assertThat(budget.afterFailure(http(529), false)).isEqualTo(RetryBudget.Verdict.MOVE_ON); // both overloaded
    }

    @Test
    void differentFailuresRetryUntilTheBudgetIsSpent() {
        RetryBudget budget = new RetryBudget(RetryBudget.DEFAULT_RETRIES);
        assertThat(budget.afterFailure(http(503), false)).isEqualTo(RetryBudget.Verdict.RETRY);
        assertThat(budget.afterFailure(http(500), false)).isEqualTo(RetryBudget.Verdict.RETRY);
        assertThat(budget.retriesUsed()).isEqualTo(2);
        assertThat(budget.afterFailure(http(408), false)).isEqualTo(RetryBudget.Verdict.MOVE_ON);
    }

    @Test
    void noRetryReasonsMoveOnAtOnceAndRotationUsesTheBudget() {
        RetryBudget budget = new RetryBudget(2);
        assertThat(budget.afterFailure(http(401), true)).isEqualTo(RetryBudget.Verdict.ROTATE);
        assertThat(budget.afterFailure(http(401), true)).isEqualTo(RetryBudget.Verdict.ROTATE);
        assertThat(budget.afterFailure(http(401), true)).isEqualTo(RetryBudget.Verdict.MOVE_ON);
        assertThat(new RetryBudget(2).afterFailure(http(401), false)).isEqualTo(RetryBudget.Verdict.MOVE_ON);
        assertThat(new RetryBudget(2).afterFailure(http(400), false)).isEqualTo(RetryBudget.Verdict.MOVE_ON);
        assertThat(new RetryBudget(2).afterFailure(
                Classifier.classify(new Failure.ContentFiltered("content_filter"), null), true))
                .isEqualTo(RetryBudget.Verdict.MOVE_ON);
    }

    @Test
    void rateLimitsPreferAnotherKeyThenWait() {
        RetryBudget budget = new RetryBudget(2);
        assertThat(budget.afterFailure(http(429), true)).isEqualTo(RetryBudget.Verdict.ROTATE);
        assertThat(budget.afterFailure(http(429), false)).isEqualTo(RetryBudget.Verdict.MOVE_ON); // same twice, no key
        RetryBudget single = new RetryBudget(2);
        assertThat(single.afterFailure(http(429), false)).isEqualTo(RetryBudget.Verdict.RETRY);
    }
}

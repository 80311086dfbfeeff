package dev.hermes.stream;

import dev.hermes.llm.StreamEvent;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** Deadline logic on a fake clock, driven by hand: no thread, no sleeping. */
class StreamWatchdogTest {

    private final FakeClock clock = new FakeClock();
    private final StreamWatchdog dog = StreamWatchdog.manual(clock, Runnable::run);
    private final AtomicInteger aborts = new AtomicInteger();

    // connect 10 + headers 20 = 30 before headers; first content 50; content idle 40; liveness 100; deadline 1000
    private final StreamTimeouts t = new StreamTimeouts(ms(10), ms(20), ms(50), ms(40), ms(100), ms(1000));

    private static Duration ms(long ms) {
        return Duration.ofMillis(ms);
    }

    private AttemptWatch started() {
        AttemptWatch w = dog.watch(t, "test attempt");
        w.requestStarted(aborts::incrementAndGet);
        return w;
    }

    private AttemptWatch withHeaders() {
        AttemptWatch w = started();
        w.headersReceived(200, aborts::incrementAndGet);
        return w;
    }

    @Test
    void headersTimerCoversConnectPlusHeaders() {
        AttemptWatch w = started();
        clock.advanceMillis(29);
        assertThat(dog.runDue()).isZero();
        clock.advanceMillis(1);
        assertThat(dog.runDue()).isEqualTo(1);
        assertThat(aborts).hasValue(1);
        FiredTimer f = w.firedTimer().orElseThrow();
        assertThat(f.kind()).isEqualTo(StallKind.HEADERS);
        assertThat(f.timeout()).isEqualTo(ms(30));
        assertThat(f.elapsed()).isEqualTo(ms(30));
        assertThat(f.describe()).isEqualTo("no response headers for 30 ms (limit 30 ms, headers_timeout_seconds)");
        assertThat(f.attempt()).isEqualTo("test attempt");
    }

    @Test
    void firstContentTimerRunsFromHeadersAndIgnoresPings() {
        clock.advanceMillis(5);
        AttemptWatch w = started();
        clock.advanceMillis(25); // headers just in time
        w.headersReceived(200, aborts::incrementAndGet);
        for (int i = 0; i < 4; i++) {
            clock.advanceMillis(12);
            w.bytesReceived(7);
            w.onEvent(new StreamEvent.KeepAlive("ping"));
            assertThat(dog.runDue()).isZero();
        }
        clock.advanceMillis(2); // 50 ms after headers
        assertThat(dog.runDue()).isEqualTo(1);
        assertThat(w.firedTimer().orElseThrow().kind()).isEqualTo(StallKind.FIRST_CONTENT);
    }

    @Test
    void contentIdleIsResetByContentButNotByPings() {
        AttemptWatch w = withHeaders();
        for (int i = 0; i < 10; i++) { // content every 30 ms keeps it alive well past every other timeout but deadline
            clock.advanceMillis(30);
            w.bytesReceived(20);
            w.onEvent(new StreamEvent.TextDelta("x"));
            assertThat(dog.runDue()).isZero();
        }
        for (int i = 0; i < 3; i++) {
            clock.advanceMillis(13);
            w.bytesReceived(6);
            w.onEvent(new StreamEvent.KeepAlive("ping"));
            assertThat(dog.runDue()).isZero();
        }
        clock.advanceMillis(1);
        assertThat(dog.runDue()).isEqualTo(1);
        FiredTimer f = w.firedTimer().orElseThrow();
        assertThat(f.kind()).isEqualTo(StallKind.CONTENT_IDLE);
        assertThat(f.elapsed()).isEqualTo(ms(40));
    }

    @Test
    void theTimeTheReaderSpendsHandingAnEventOverStopsTheIdleTimersButNotTheDeadline() {
        AttemptWatch w = withHeaders();
        clock.advanceMillis(10);
        w.onEvent(new StreamEvent.TextDelta("x"));
        w.handingOver();
        clock.advanceMillis(300); // a consumer slow to take it: content idle (40) and liveness (100) long past
        assertThat(dog.runDue()).isZero();
        w.resumed();
        clock.advanceMillis(39);
        assertThat(dog.runDue()).isZero();
        clock.advanceMillis(1); // 40 ms of the reader's own waiting since it came back
        assertThat(dog.runDue()).isEqualTo(1);
        FiredTimer f = w.firedTimer().orElseThrow();
        assertThat(f.kind()).isEqualTo(StallKind.CONTENT_IDLE);
        assertThat(f.elapsed()).isEqualTo(ms(40));

        AttemptWatch held = withHeaders();
        held.onEvent(new StreamEvent.TextDelta("x"));
        held.handingOver();
        clock.advanceMillis(1000); // never back: the deadline still ends it
        assertThat(dog.runDue()).isEqualTo(1);
        assertThat(held.firedTimer().orElseThrow().kind()).isEqualTo(StallKind.DEADLINE);
    }

    @Test
    void keepAlivesHandedOverSlowlyStillDoNotResetContentIdle() {
        AttemptWatch w = withHeaders();
        w.onEvent(new StreamEvent.TextDelta("x"));
        for (int i = 0; i < 3; i++) { // 13 ms apart, each taking 1 ms to hand over: 39 ms of the provider's silence
            clock.advanceMillis(12);
            w.bytesReceived(6);
            w.onEvent(new StreamEvent.KeepAlive("ping"));
            w.handingOver();
            clock.advanceMillis(1);
            w.resumed();
            assertThat(dog.runDue()).isZero();
        }
        clock.advanceMillis(4);
        assertThat(dog.runDue()).isEqualTo(1);
        assertThat(w.firedTimer().orElseThrow().kind()).isEqualTo(StallKind.CONTENT_IDLE);
    }

    @Test
    void livenessFiresWhenNoBytesArriveEvenIfContentTimersAreLonger() {
        StreamTimeouts slowContent = t.withFirstContent(ms(500)).withContentIdle(ms(500)).withLivenessIdle(ms(60));
        AttemptWatch w = dog.watch(slowContent, "a");
        w.headersReceived(200, aborts::incrementAndGet);
        clock.advanceMillis(40);
        w.bytesReceived(3);
        clock.advanceMillis(59);
        assertThat(dog.runDue()).isZero();
        clock.advanceMillis(1);
        assertThat(dog.runDue()).isEqualTo(1);
        assertThat(w.firedTimer().orElseThrow().kind()).isEqualTo(StallKind.LIVENESS_IDLE);
    }

    @Test
    void deadlineEndsALivelyStream() {
        AttemptWatch w = withHeaders();
        for (int i = 0; i < 99; i++) {
            clock.advanceMillis(10);
            w.bytesReceived(1);
            w.onEvent(new StreamEvent.TextDelta("x"));
            assertThat(dog.runDue()).isZero();
        }
        clock.advanceMillis(10);
        assertThat(dog.runDue()).isEqualTo(1);
        assertThat(w.firedTimer().orElseThrow().kind()).isEqualTo(StallKind.DEADLINE);
    }

    @Test
    void aShorterContentIdleAfterFirstContentIsHonouredOnTime() {
        StreamTimeouts quickIdle = t.withFirstContent(ms(500)).withContentIdle(ms(20)).withLivenessIdle(ms(500));
        AttemptWatch w = dog.watch(quickIdle, "a");
        w.headersReceived(200, aborts::incrementAndGet);
        clock.advanceMillis(5);
        w.onEvent(new StreamEvent.TextDelta("x")); // deadline moves from +500 to +25: must be re-queued
        clock.advanceMillis(20);
        assertThat(dog.runDue()).isEqualTo(1);
        assertThat(w.firedTimer().orElseThrow().kind()).isEqualTo(StallKind.CONTENT_IDLE);
    }

    @Test
    void aClosedWatchNeverFires() {
        AttemptWatch w = withHeaders();
        w.close();
        clock.advanceMillis(5000);
        assertThat(dog.runDue()).isZero();
        assertThat(aborts).hasValue(0);
        assertThat(w.firedTimer()).isEmpty();
    }

    @Test
    void aTimerFiresOnlyOnce() {
        AttemptWatch w = started();
        clock.advanceMillis(30);
        dog.runDue();
        w.onEvent(new StreamEvent.TextDelta("late"));
        clock.advanceMillis(5000);
        assertThat(dog.runDue()).isZero();
        assertThat(aborts).hasValue(1);
        assertThat(w.firedTimer().orElseThrow().kind()).isEqualTo(StallKind.HEADERS);
    }

    @Test
    void anAbortHandleGivenAfterFiringRunsAtOnce() {
        AttemptWatch w = dog.watch(t, "a");
        clock.advanceMillis(30);
        dog.runDue();
        assertThat(aborts).hasValue(0); // no handle yet
        w.headersReceived(200, aborts::incrementAndGet);
        assertThat(aborts).hasValue(1);
    }

    @Test
    void finishedWatchesAreDroppedAsTheyCloseEvenWhenNoTimerIsDueForMinutes() {
        for (int i = 0; i < 5000; i++) {
            dog.watch(StreamTimeouts.uniform(Duration.ofMinutes(10)), "w" + i).close(); // a call that answered in time
        }
        // no runDue(): the watchdog's loop sleeps until the first timer, ten minutes away; a finished
        // attempt's entry must not keep its stream reachable until then
        assertThat(dog.queued()).isLessThan(2 * 1024);
    }

    @Test
    void thousandsOfWatchesFireByTheirOwnDeadlinesAndClosedOnesArePurged() {
        List<AttemptWatch> watches = new ArrayList<>();
        for (int i = 0; i < 5000; i++) {
            // every timer is (10 + i % 100) ms, so the deadline (not connect + headers) comes first
            watches.add(dog.watch(StreamTimeouts.uniform(ms(10 + i % 100)), "w" + i));
        }
        for (int i = 0; i < 5000; i += 2) watches.get(i).close();
        clock.advanceMillis(1); // nothing due; the pass purges the closed half
        assertThat(dog.runDue()).isZero();
        assertThat(dog.queued()).isEqualTo(2500);
        clock.advanceMillis(30); // now 31 ms: due for i % 100 <= 21
        int fired = dog.runDue();
        for (int i = 0; i < 5000; i++) {
            boolean due = i % 2 == 1 && 10 + i % 100 <= 31;
            assertThat(watches.get(i).firedTimer().map(FiredTimer::kind))
                    .as("watch %d", i).isEqualTo(due ? java.util.Optional.of(StallKind.DEADLINE) : java.util.Optional.empty());
        }
        assertThat(fired).isEqualTo(50 * 11);
    }
}

package dev.hermes.failover;

import dev.hermes.failover.FailoverKit.CallerThread;
import dev.hermes.provider.Route;
import dev.hermes.provider.WireApi;
import dev.hermes.sim.SimServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static dev.hermes.failover.FailoverKit.ask;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Every simulator fault on the primary, over both wire formats, through the real clients and the
 * real failover code, with a healthy fallback on the other wire. For each: the complete answer
 * (or the one clean error the fault calls for), the attempts the simulator saw per route, wall
 * time under the bound computed from the configuration, and a process still healthy afterwards
 * (a following call succeeds; no threads or file descriptors left behind). A stall or timeout moves
 * on at once since a healthy fallback is left ({@code failover.move_on_after_timeout}).
 */
@Timeout(120)
class ChaosMatrixTest {

    private static final String Q = "What happens to rivers in winter";
    /** The fallback's model name differs from every fault's, so the sim's log tells them apart. */
    private static final String FALLBACK = "healthy:chunk_words=4";
    private static final String ANSWER = SimServer.canonicalAnswer(FALLBACK, Q);

    private enum Expect { PRIMARY, FALLBACK, CONTEXT_OVERFLOW }

    private record Fault(String model, int primaryAttempts, Expect expect) {
    }

    private static final List<Fault> FAULTS = List.of(
            new Fault("healthy", 1, Expect.PRIMARY),
            new Fault("rate-limit-once:retry_after=0", 2, Expect.PRIMARY),
            new Fault("rate-limit:retry_after_ms=20", 2, Expect.FALLBACK),
            new Fault("error-500-once", 2, Expect.PRIMARY),
            new Fault("overloaded-503", 2, Expect.FALLBACK),
            new Fault("overloaded-529", 2, Expect.FALLBACK),
            new Fault("reset-before-headers", 2, Expect.FALLBACK),
            new Fault("no-response", 1, Expect.FALLBACK),
            new Fault("slow-first-token:delay_ms=100", 1, Expect.PRIMARY),
            new Fault("slow-first-token:delay_ms=3000", 1, Expect.FALLBACK),
            new Fault("cut:after=3", 2, Expect.FALLBACK),
            new Fault("cut:after=3,clean=true", 2, Expect.FALLBACK),
            new Fault("stall:after=3", 1, Expect.FALLBACK),
            new Fault("pings-only:after=3,interval_ms=50", 1, Expect.FALLBACK),
            new Fault("malformed:after=3", 2, Expect.FALLBACK),
            new Fault("no-done", 1, Expect.PRIMARY),
            new Fault("context-length", 1, Expect.CONTEXT_OVERFLOW),
            new Fault("content-policy", 1, Expect.FALLBACK),
            new Fault("content-filter:after=3", 1, Expect.FALLBACK),
            new Fault("content-filter-tool:after=3", 1, Expect.FALLBACK),
            new Fault("auth-error", 1, Expect.FALLBACK),
            new Fault("no-prefill", 1, Expect.PRIMARY),
            new Fault("down:ms=600000", 2, Expect.FALLBACK),
            new Fault("endless:after=3", 1, Expect.FALLBACK),
            new Fault("endless:after=1,tool=true", 1, Expect.FALLBACK));

    private static SimServer sim;

    @BeforeAll
    static void startSim() throws Exception {
        sim = SimServer.start();
        // Warm up: the JDK starts process-wide threads on first use (virtual-thread carriers, the
        // HTTP client's cleaner); they are not leaks and must not count against the first case.
        try (FailoverKit kit = new FailoverKit(sim)) {
            kit.caller(kit.route("warmup", WireApi.ANTHROPIC_MESSAGES, "healthy")).call(ask(Q), CallObserver.NONE);
            kit.caller(kit.route("warmup", WireApi.CHAT_COMPLETIONS, "healthy")).call(ask(Q), CallObserver.NONE);
        }
    }

    @AfterAll
    static void stopSim() {
        sim.close();
    }

    static Stream<Arguments> matrix() {
        List<Arguments> cases = new ArrayList<>();
        for (Fault f : FAULTS) {
            for (WireApi w : WireApi.values()) {
                for (CallerThread t : CallerThread.values()) cases.add(Arguments.of(f.model(), w, t, f));
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} on {1}, called on a {2} thread")
    @MethodSource("matrix")
    void everyFaultEndsInOneCompleteAnswerOrOneCleanBoundedError(String model, WireApi wire, CallerThread thread,
                                                                  Fault fault) throws Exception {
        sim.reset();
        long threadsBefore = platformThreads();
        long fdsBefore = openFileDescriptors();
        WireApi other = wire == WireApi.CHAT_COMPLETIONS ? WireApi.ANTHROPIC_MESSAGES : WireApi.CHAT_COMPLETIONS;
        try (FailoverKit kit = new FailoverKit(sim)) {
            Route primary = kit.route("primary", wire, model);
            Route fallback = kit.route("fallback", other, FALLBACK);
            FailoverCaller caller = kit.caller(primary, fallback);
            var seen = new FailoverKit.Seen();
            long t0 = System.nanoTime();

            if (fault.expect() == Expect.CONTEXT_OVERFLOW) {
                assertThatThrownBy(() -> thread.run(() -> caller.call(ask(Q), seen))).isInstanceOfSatisfying(CallFailedException.class,
                        e -> assertThat(e.finalReason()).isEqualTo(Reason.CONTEXT_OVERFLOW));
                assertThat(seen.text.toString()).isEmpty();
            } else {
                CallResult r = thread.run(() -> caller.call(ask(Q), seen));
                assertThat(r.response().text()).isEqualTo(ANSWER);
                assertThat(seen.text.toString()).as(seen.statusText()).isEqualTo(ANSWER);
                assertThat(r.response().provider())
                        .isEqualTo(fault.expect() == Expect.PRIMARY ? "primary" : "fallback");
            }
            Duration elapsed = Duration.ofNanos(System.nanoTime() - t0);

            assertThat(kit.attemptsOn(model)).as("attempts on the primary").isEqualTo(fault.primaryAttempts());
            assertThat(kit.attemptsOn(FALLBACK)).as("attempts on the fallback")
                    .isEqualTo(fault.expect() == Expect.FALLBACK ? 1 : 0);
            assertThat(elapsed).isLessThan(FailoverKit.bound(2));

            // The process is healthy afterwards: the next call on a healthy route just works.
            FailoverCaller after = kit.caller(kit.route("after", wire, "healthy"));
            CallResult next = thread.run(() -> after.call(ask(Q), new FailoverKit.Seen()));
            assertThat(next.response().text()).isEqualTo(ANSWER);
        }
        assertSettlesTo(threadsBefore, ChaosMatrixTest::platformThreads, "platform threads");
        assertSettlesTo(fdsBefore, ChaosMatrixTest::openFileDescriptors, "open file descriptors");
    }

    /** Live platform threads, less the JDK's virtual-thread carriers (a pool bounded by the core count). */
    private static long platformThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && !t.getName().startsWith("ForkJoinPool-")).count();
    }

    private static long openFileDescriptors() {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.count();
        } catch (IOException e) {
            return 0;
        }
    }

    /** Connections and threads are released asynchronously; allow them a moment, then insist. */
    private static void assertSettlesTo(long before, java.util.function.LongSupplier now, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(3).toNanos();
        while (now.getAsLong() > before + 2 && System.nanoTime() < deadline) Thread.sleep(20);
        assertThat(now.getAsLong()).as(what).isLessThanOrEqualTo(before + 2);
    }
}

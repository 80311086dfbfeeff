package dev.hermes.bench;

import dev.hermes.failover.CallObserver;
import dev.hermes.failover.CallResult;
import dev.hermes.failover.ClientPool;
import dev.hermes.failover.FailoverCaller;
import dev.hermes.provider.Route;
import dev.hermes.provider.WireApi;
import dev.hermes.sim.SimOptions;
import dev.hermes.sim.SimServer;
import dev.hermes.stream.StreamTimeouts;
import dev.hermes.stream.StreamWatchdog;
import dev.hermes.util.MonotonicClock;
import dev.hermes.util.Sleeper;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Fault to first fallback token: a primary that breaks mid-stream (cut, stall, content filter)
 * and a healthy fallback, through the real {@link FailoverCaller}. The primary runs on a simulator
 * of its own whose sleeper records when it last paused after a chunk: the break comes right after
 * that pause, so for cut and filter that moment is when the simulator broke the stream.
 */
final class FailoverLatencyBenchmark implements Benchmark {

    private static final int CALLS = 100;
    private static final Duration IDLE = Duration.ofMillis(100);
    private static final StreamTimeouts TIMEOUTS = new StreamTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(5),
            Duration.ofSeconds(5), IDLE, Duration.ofSeconds(5), Duration.ofSeconds(30));
    private static final String QUESTION = "What happens when a provider fails mid-answer?";

    @Override
    public String name() {
        return "failover";
    }

    @Override
    public String title() {
        return "Fault to first fallback token";
    }

    private enum Fault {
        CUT("cut:after=3", "when the simulator closed the socket"),
        FILTER("content-filter:after=3", "when the simulator sent the 1027 error event"),
        STALL("stall:after=3", "when the content-idle timer was due (last primary text + " + IDLE.toMillis() + " ms)");

        final String model;
        final String from;

        Fault(String model, String from) {
            this.model = model;
            this.from = from;
        }
    }

    /** What the caller saw, timestamped on the calling thread as it arrived. */
    private static final class Timeline implements CallObserver {
        long lastPrimaryText = -1;
        long fallingBack = -1;
        long firstFallbackText = -1;
        final StringBuilder text = new StringBuilder();

        @Override
        public void text(String delta) {
            long now = System.nanoTime();
            if (fallingBack < 0) lastPrimaryText = now;
            else if (firstFallbackText < 0) firstFallbackText = now;
            text.append(delta);
        }

        @Override
        public void restart(String why) {
            text.setLength(0);
        }

        @Override
        public void status(String line) {
            if (line.startsWith("falling back")) fallingBack = System.nanoTime();
        }
    }

    private record Sample(long total, long detect, long fallbackFirstToken) {
    }

    @Override
    public void run(BenchEnv env, Report report) throws Exception {
        RecordingSleeper primarySleeps = new RecordingSleeper();
        List<String[]> rows = new ArrayList<>();
        List<String[]> parts = new ArrayList<>();
        try (SimServer primarySim = SimServer.start(0, new SimOptions(null, MonotonicClock.SYSTEM, primarySleeps));
             SimServer fallbackSim = SimServer.start();
             ClientPool clients = new ClientPool();
             StreamWatchdog watchdog = StreamWatchdog.start(MonotonicClock.SYSTEM)) {
            Route fallback = SimRoutes.route("fallback", fallbackSim.anthropicBaseUrl(), WireApi.ANTHROPIC_MESSAGES,
                    "healthy", TIMEOUTS);
            String expected = SimServer.canonicalAnswer("healthy", QUESTION);
            for (Fault f : Fault.values()) {
                Route primary = SimRoutes.route("primary", primarySim.chatCompletionsBaseUrl(), WireApi.CHAT_COMPLETIONS,
                        f.model, TIMEOUTS);
                for (int i = 0; i < 10; i++) once(f, primary, fallback, clients, watchdog, primarySleeps, expected);
                List<Sample> samples = new ArrayList<>();
                for (int i = 0; i < CALLS; i++) samples.add(once(f, primary, fallback, clients, watchdog, primarySleeps, expected));
                Stats total = Stats.of(samples.stream().mapToLong(Sample::total).toArray());
                Stats detect = Stats.of(samples.stream().mapToLong(Sample::detect).toArray());
                Stats ttft = Stats.of(samples.stream().mapToLong(Sample::fallbackFirstToken).toArray());
                rows.add(Report.row("`" + f.model + "`, from " + f.from, total.cells()));
                parts.add(Report.row("`" + f.model + "`", Stats.ms(detect.percentile(50)), Stats.ms(detect.percentile(99)),
                        Stats.ms(ttft.percentile(50)), Stats.ms(ttft.percentile(99))));
            }
        }
        report.text(CALLS + " calls per fault (after 10 warm-up calls), one at a time, each through a `FailoverCaller` "
                + "with fresh breakers and no retries on the primary (so the first failure moves on: this measures the "
                + "failover path, not backoff). Primary: chat-completions, 3 text chunks then the fault; fallback: "
                + "`healthy` on the Anthropic wire, continuing by prefill. Both simulators run in this JVM; chunk delay "
                + "2 ms. Every call's final text was checked to be exactly the canonical answer.");
        report.table(Report.headers("fault", Stats.HEADERS), rows);
        report.text("Split: *detect* = fault to the caller's \"falling back\" status (noticing and classifying the "
                + "failure, closing the attempt); *fallback TTFT* = from there to the fallback's first text delta "
                + "(new connection, request, response head, first chunk).");
        report.table(Report.headers("fault", "detect p50 ms", "detect p99 ms", "fallback TTFT p50 ms",
                "fallback TTFT p99 ms"), parts);
        report.text("What bounds it: for cut and filter, the end of the primary's body reaches the reader at once, so "
                + "the time is the fallback's own time to first token (loopback: connect, request, headers, first "
                + "event). For a stall, detection is bounded by the content-idle timeout itself (measured from when it "
                + "was due, so the watchdog lag of the stall-lag benchmark is included) and then the same fallback "
                + "time. On a real provider the fallback's time to first token dominates all of this.");
    }

    private static Sample once(Fault f, Route primary, Route fallback, ClientPool clients, StreamWatchdog watchdog,
                               RecordingSleeper primarySleeps, String expected) throws InterruptedException {
        FailoverCaller caller = new FailoverCaller(primary, List.of(fallback), SimRoutes.settings(0, clients, watchdog));
        Timeline seen = new Timeline();
        CallResult result = caller.call(SimRoutes.ask(QUESTION), seen);
        String answer = SimRoutes.text(result);
        if (!answer.equals(expected) || !seen.text.toString().equals(expected) || seen.firstFallbackText < 0
                || result.attempts().size() != 2) {
            throw new IllegalStateException(f.model + ": unexpected outcome: " + result.attempts() + " text '" + answer + "'");
        }
        long fault = switch (f) {
            case CUT, FILTER -> primarySleeps.lastEnd;
            case STALL -> seen.lastPrimaryText + IDLE.toNanos();
        };
        return new Sample(seen.firstFallbackText - fault, seen.fallingBack - fault, seen.firstFallbackText - seen.fallingBack);
    }

    /** The primary simulator's pauses; only one call runs at a time, so the last one is the current call's. */
    private static final class RecordingSleeper implements Sleeper {
        volatile long lastEnd;

        @Override
        public void sleep(Duration d) throws InterruptedException {
            Sleeper.SYSTEM.sleep(d);
            lastEnd = System.nanoTime();
        }
    }
}

package dev.hermes.bench;

import dev.hermes.bench.PeerClients.PeerClient;
import dev.hermes.sim.SimServer;
import dev.hermes.stream.StreamTimeouts;

import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Our client side by side with the clients a Java user would pick instead (openai-java,
 * anthropic-java, LangChain4j's OpenAI streaming model), each in its default configuration,
 * streaming the same answers from {@code hermes sim} in its own JVM: CPU per delta, heap per open
 * stream, time from a stall to the caller knowing, and what the caller holds after a cut.
 */
final class PeersBenchmark implements Benchmark {

    private static final String QUESTION = "Which client should I pick?";
    private static final int STREAMS = 100;
    private static final int CHUNKS = 100;
    private static final int DELAY_MS = 25;
    private static final int WARM_ROUNDS = 2;
    private static final int ROUNDS = 4;
    private static final int OPEN_STREAMS = 1000;
    /** Our stall timers for this benchmark: content-idle 3 s (the defaults are 180 s, past the bound). */
    static final StreamTimeouts HERMES = StreamTimeouts.DEFAULTS.withContentIdle(Duration.ofSeconds(3));

    @Override
    public String name() {
        return "peers";
    }

    @Override
    public String title() {
        return "Side by side with the peers: openai-java, anthropic-java, LangChain4j";
    }

    @Override
    public void run(BenchEnv env, Report report) throws Exception {
        List<Map<String, Object>> figures = new ArrayList<>();
        List<String[]> rows = new ArrayList<>();
        try (SimProcess sim = SimProcess.start(env)) {
            List<PeerClient> clients = PeerClients.all(sim, HERMES);
            Map<String, List<Double>> cpu = new LinkedHashMap<>();
            String healthy = "healthy:words=" + CHUNKS * 3 + ",chunk_words=3,chunk_delay_ms=" + DELAY_MS;
            for (int round = 0; round < WARM_ROUNDS + ROUNDS; round++) {
                for (int i = 0; i < clients.size(); i++) {
                    PeerClient c = clients.get((i + round) % clients.size());
                    double us = cpuPerDelta(c, healthy);
                    System.out.printf("  round %d %-16s %.1f us/delta%n", round, c.name(), us);
                    if (round >= WARM_ROUNDS) cpu.computeIfAbsent(c.name(), k -> new ArrayList<>()).add(us);
                }
            }
            Map<String, Heap> heap = new LinkedHashMap<>();
            for (PeerClient c : clients) heap.put(c.name(), heapPerStream(c));
            Map<String, Long> stall = stallsInParallel(clients);
            Map<String, String> cut = new LinkedHashMap<>();
            Map<String, String> cleanCut = new LinkedHashMap<>();
            for (PeerClient c : clients) {
                cut.put(c.name(), afterCut(sim, c, "cut:after=3,times=1"));
                cleanCut.put(c.name(), afterCut(sim, c, "cut:after=3,clean=true,times=1"));
            }
            for (PeerClient c : clients) {
                double median = Stats.median(cpu.get(c.name()));
                Map<String, Object> f = new LinkedHashMap<>();
                f.put("client", c.name());
                f.put("cpu_us_per_delta", Math.round(median * 10) / 10.0);
                Double kib = heap.get(c.name()).kibPerStream();
                f.put("heap_kib_per_stream", kib == null ? null : Math.round(kib));
                f.put("stall_detect_ms", stall.get(c.name()));
                f.put("after_cut", cut.get(c.name()));
                f.put("after_clean_cut", cleanCut.get(c.name()));
                figures.add(f);
                rows.add(Report.row(c.name(), String.format("%.1f", median),
                        String.format("%.1f-%.1f", Stats.min(cpu.get(c.name())), Stats.max(cpu.get(c.name()))),
                        heap.get(c.name()).cell(),
                        stall.get(c.name()) == null ? "never within " + PeerClients.STALL_BOUND.toSeconds() + " s"
                                : stall.get(c.name()) + " ms",
                        cut.get(c.name()), cleanCut.get(c.name())));
            }
            for (PeerClient c : clients) c.close();
        }
        report.figures(figures);
        report.text("Each client streams from `hermes sim` in its own JVM (so this process's CPU is the client's), in "
                + "its default configuration: openai-java 4.105.0 and anthropic-java 3.14.0 (OkHttp 4.12 under both), "
                + "LangChain4j 1.19.0 `OpenAiStreamingChatModel` (JDK HttpClient under it), and ours (`FailoverCaller`, "
                + "one chat-completions route, two retries, OkHttp engine). The peers' dependencies are test-scoped, "
                + "never on the runtime class path. anthropic-java talks to the simulator's Messages wire, the others "
                + "to chat-completions. The clients were interleaved in one run: compare the rows with each other.");
        report.bullet("*CPU per delta*: " + STREAMS + " concurrent streams of " + CHUNKS + " text deltas " + DELAY_MS
                + " ms apart per round; process CPU time over the deltas received (GC and JIT included), "
                + WARM_ROUNDS + " warm-up rounds then " + ROUNDS + " measured rounds per client, interleaved; median "
                + "and range of the rounds.");
        report.bullet("*Heap per open stream*: " + OPEN_STREAMS + " concurrent streams (20 deltas 250 ms apart); once "
                + "every stream had its first delta, two `System.gc()` and the heap used, minus the heap before, "
                + "divided by the streams open.");
        report.bullet("*Stall to caller knowing*: `stall:after=3` (three deltas, then the socket stays open and silent); "
                + "from the third delta to the caller's next sign of it (the call ending with an error or a return, "
                + "or for ours the answer going on after a retry that continues it), all clients at once, waiting "
                + "at most " + PeerClients.STALL_BOUND.toSeconds() + " s. Ours is configured with content-idle 3 s "
                + "here; its default is 180 s (which also ends the call, past this bound). The peers' defaults: "
                + "OkHttp read timeouts of 10 minutes in the SDKs, LangChain4j's request timeout.");
        report.bullet("*After a cut*: `cut:after=3,times=1` (three deltas, then the connection closes mid-body; the "
                + "next request gets the whole answer) and the same with `clean=true` (the HTTP body ends properly "
                + "but without a finish reason or terminal event): *complete* = the caller holds the exact answer, "
                + "*error* = the call failed, *truncated as complete* = the call returned normally with part of it.");
        report.endList();
        report.table(Report.headers("client", "CPU us/delta (median)", "range", "heap KiB per open stream",
                "stall to caller knowing", "after a cut", "after a clean cut"), rows);
    }

    /** CPU microseconds per delta of one round of {@code STREAMS} concurrent calls, every answer checked. */
    static double cpuPerDelta(PeerClient client, String model) throws Exception {
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        String expected = SimServer.canonicalAnswer(model, QUESTION);
        AtomicLong deltas = new AtomicLong();
        AtomicInteger failures = new AtomicInteger();
        CountDownLatch done = new CountDownLatch(STREAMS);
        long cpu0 = os.getProcessCpuTime();
        for (int i = 0; i < STREAMS; i++) {
            Thread.ofVirtual().start(() -> {
                try {
                    String text = client.stream(model, QUESTION, d -> deltas.incrementAndGet());
                    if (!text.equals(expected)) throw new IllegalStateException("wrong answer: " + text.length() + " chars");
                } catch (Exception e) {
                    if (failures.getAndIncrement() == 0) e.printStackTrace();
                } finally {
                    done.countDown();
                }
            });
        }
        if (!done.await(300, TimeUnit.SECONDS)) throw new IllegalStateException(client.name() + ": round timed out");
        if (failures.get() > 0) throw new IllegalStateException(client.name() + ": " + failures + " streams failed");
        return (os.getProcessCpuTime() - cpu0) / 1000.0 / deltas.get();
    }

    /** KiB of heap per open stream (null when fewer than 90% were open at once), and how many were open. */
    private record Heap(Double kibPerStream, long open) {
        String cell() {
            return kibPerStream == null ? "n/a: only " + open + " of " + OPEN_STREAMS + " open at once"
                    : String.format("%.0f", kibPerStream);
        }
    }

    private static Heap heapPerStream(PeerClient client) throws Exception {
        String model = "healthy:words=60,chunk_words=3,chunk_delay_ms=250";
        System.gc();
        System.gc();
        long before = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        CountDownLatch firsts = new CountDownLatch(OPEN_STREAMS);
        CountDownLatch done = new CountDownLatch(OPEN_STREAMS);
        AtomicInteger finishedEarly = new AtomicInteger();
        for (int i = 0; i < OPEN_STREAMS; i++) {
            Thread.ofVirtual().start(() -> {
                boolean[] first = {false};
                try {
                    client.stream(model, QUESTION, d -> {
                        if (!first[0]) {
                            first[0] = true;
                            firsts.countDown();
                        }
                    });
                } catch (Exception e) {
                    if (!first[0]) firsts.countDown();
                    finishedEarly.incrementAndGet();
                } finally {
                    done.countDown();
                }
            });
        }
        boolean all = firsts.await(60, TimeUnit.SECONDS);
        System.gc();
        System.gc();
        long with = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        long open = OPEN_STREAMS - (OPEN_STREAMS - done.getCount()) - finishedEarly.get();
        done.await(120, TimeUnit.SECONDS);
        System.out.printf("  heap %-16s %d open, %.1f MiB -> %.1f MiB%n", client.name(), open, before / 1048576.0,
                with / 1048576.0);
        return new Heap(all && open >= OPEN_STREAMS * 9 / 10 ? (with - before) / 1024.0 / open : null, open);
    }

    /**
     * Milliseconds from the stall (the third delta) to the caller's next sign of it: the call
     * ending, or (ours) the answer going on after a retry; null when neither came within the bound.
     */
    private static Map<String, Long> stallsInParallel(List<PeerClient> clients) throws InterruptedException {
        Map<String, Long> out = new LinkedHashMap<>();
        Map<String, long[]> times = new LinkedHashMap<>(); // third delta, fourth delta, end
        List<Thread> threads = new ArrayList<>();
        for (PeerClient c : clients) {
            long[] t = new long[3];
            times.put(c.name(), t);
            AtomicInteger n = new AtomicInteger();
            threads.add(Thread.ofVirtual().start(() -> {
                try {
                    c.stream("stall:after=3", QUESTION, d -> {
                        int i = n.incrementAndGet();
                        synchronized (t) {
                            if (i == 3) t[0] = System.nanoTime();
                            if (i == 4) t[1] = System.nanoTime();
                        }
                    });
                } catch (Exception expected) {
                    // the caller knows: an error ends the call
                }
                synchronized (t) {
                    t[2] = System.nanoTime();
                }
            }));
        }
        long deadline = System.nanoTime() + PeerClients.STALL_BOUND.plusSeconds(5).toNanos();
        for (Thread t : threads) t.join(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
        for (PeerClient c : clients) {
            long[] t = times.get(c.name());
            synchronized (t) {
                long next = t[1] != 0 ? t[1] : t[2];
                out.put(c.name(), t[0] == 0 || next == 0 ? null : Math.round((next - t[0]) / 1e6));
            }
            System.out.println("  stall " + c.name() + ": " + out.get(c.name()));
        }
        return out;
    }

    /** How long a call after a cut may take before "no end" is recorded. */
    private static final Duration CUT_BOUND = Duration.ofSeconds(60);

    private static String afterCut(SimProcess sim, PeerClient client, String model) throws Exception {
        reset(sim.anthropicBaseUrl());
        String expected = SimServer.canonicalAnswer(model, QUESTION);
        AtomicReference<String> outcome = new AtomicReference<>("no end within " + CUT_BOUND.toSeconds() + " s");
        Thread call = Thread.ofVirtual().start(() -> {
            try {
                String text = client.stream(model, QUESTION, d -> { });
                outcome.set(text.equals(expected) ? "complete" : "truncated as complete");
            } catch (Exception e) {
                outcome.set("error");
            }
        });
        call.join(CUT_BOUND); // a call still running after the bound is left behind; the sim's exit ends it
        System.out.println("  " + model + " " + client.name() + ": " + outcome.get());
        return outcome.get();
    }

    private static void reset(URI root) throws Exception {
        try (HttpClient http = HttpClient.newHttpClient()) {
            HttpResponse<Void> r = http.send(HttpRequest.newBuilder(root.resolve("/_sim/reset"))
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding());
            if (r.statusCode() / 100 != 2) throw new IllegalStateException("sim reset: " + r.statusCode());
        }
    }
}

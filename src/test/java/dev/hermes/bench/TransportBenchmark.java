package dev.hermes.bench;

import dev.hermes.bench.RawClients.Opened;
import dev.hermes.bench.RawClients.RawClient;
import dev.hermes.stream.SseItem;
import dev.hermes.stream.SseReader;

import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Candidate HTTP clients for the upstream transport, side by side on the same workload: many
 * concurrent SSE streams from {@code hermes sim} in its own JVM, each body read through our
 * {@link SseReader} on a virtual thread. Measures this process's CPU per delta (everything but
 * the simulator is the client) in interleaved rounds, and how fast closing a stalled body from
 * another thread unblocks its reader (the watchdog guarantee).
 */
final class TransportBenchmark implements Benchmark {

    private static final int STREAMS = 100;
    private static final int CHUNKS = 100;
    private static final int DELAY_MS = 25;
    private static final int WARM_ROUNDS = 2;
    private static final int ROUNDS = 5;
    private static final int STALLS = 20;

    /** CPU microseconds per delta of each client's measured rounds, filled by {@link #run}. */
    final Map<String, Double> cpuUsPerDelta = new LinkedHashMap<>();

    @Override
    public String name() {
        return "transport";
    }

    @Override
    public String title() {
        return "Upstream HTTP client: CPU per streamed delta, and closing a stalled read";
    }

    @Override
    public void run(BenchEnv env, Report report) throws Exception {
        List<RawClient> clients = RawClients.all();
        try (SimProcess sim = SimProcess.start(env)) {
            URI uri = URI.create(sim.chatCompletionsBaseUrl() + "/chat/completions");
            byte[] healthy = body("healthy:words=" + CHUNKS * 3 + ",chunk_words=3,chunk_delay_ms=" + DELAY_MS);
            Map<String, List<Double>> cpu = new LinkedHashMap<>();
            Map<String, List<Double>> walls = new LinkedHashMap<>();
            for (int round = 0; round < WARM_ROUNDS + ROUNDS; round++) {
                // rotate the order each round so no client always runs right after another's GC debt
                for (int i = 0; i < clients.size(); i++) {
                    RawClient c = clients.get((i + round) % clients.size());
                    double[] r = round(c, uri, healthy);
                    System.out.printf("  round %d %-28s %.1f us/delta, wall %.2f s%n", round, c.name(), r[0], r[1]);
                    if (round >= WARM_ROUNDS) {
                        cpu.computeIfAbsent(c.name(), k -> new ArrayList<>()).add(r[0]);
                        walls.computeIfAbsent(c.name(), k -> new ArrayList<>()).add(r[1]);
                    }
                }
            }
            byte[] stall = body("stall:after=2");
            List<String[]> rows = new ArrayList<>();
            for (RawClient c : clients) {
                long[] unblock = stalls(c, uri, stall);
                Stats s = Stats.of(unblock);
                double median = Stats.median(cpu.get(c.name()));
                cpuUsPerDelta.put(c.name(), median);
                rows.add(Report.row(c.name(), String.format("%.1f", median),
                        String.format("%.1f", Stats.min(cpu.get(c.name()))), String.format("%.1f", Stats.max(cpu.get(c.name()))),
                        String.format("%.2f", Stats.median(walls.get(c.name()))),
                        Stats.ms(s.percentile(50)), Stats.ms(s.max())));
            }
            for (RawClient c : clients) c.close();
            report.text(STREAMS + " concurrent streams per round, each `healthy` with " + CHUNKS + " chunks " + DELAY_MS
                    + " ms apart (" + STREAMS * 1000 / DELAY_MS + " chunks/s offered), from `hermes sim` in its own "
                    + "JVM; every body is read by our `SseReader` on a virtual thread, so the clients differ only in "
                    + "the HTTP layer. CPU is this process's (`getProcessCpuTime`, GC and JIT included) over the "
                    + "round, divided by the deltas read. " + WARM_ROUNDS + " warm-up rounds, then " + ROUNDS
                    + " measured rounds per client, interleaved (the order rotates each round). Compare the "
                    + "clients with each other, within this run.");
            report.text("*Stalled read*: `stall:after=2` (two chunks, then the socket stays open and silent); after "
                    + "the second event another thread aborts the exchange the way our watchdog would (closing the body "
                    + "stream, or `Call.cancel()` for OkHttp, `HttpClientResponse.close()` for Helidon); the time is from "
                    + "the abort to the blocked `read` returning or throwing. " + STALLS + " per client.");
            report.table(Report.headers("client", "CPU us/delta (median)", "min", "max", "wall s (median)",
                    "stalled read unblocked p50 ms", "max ms"), rows);
            wholeClient(sim, report);
            List<Map<String, Object>> figures = new ArrayList<>();
            cpuUsPerDelta.forEach((client, us) -> {
                Map<String, Object> f = new LinkedHashMap<>();
                f.put("client", client);
                f.put("cpu_us_per_delta", Math.round(us * 10) / 10.0);
                figures.add(f);
            });
            report.figures(figures);
        }
    }

    /**
     * Our whole client (FailoverCaller, watchdog, SSE, JSON, assembler) on each engine, in
     * interleaved rounds: what the switch of engine changed for a caller.
     */
    private void wholeClient(SimProcess sim, Report report) throws Exception {
        String model = "healthy:words=" + CHUNKS * 3 + ",chunk_words=3,chunk_delay_ms=" + DELAY_MS;
        Map<String, List<Double>> cpu = new LinkedHashMap<>();
        String before = System.getProperty("hermes.http.engine");
        try {
            for (int round = 0; round < WARM_ROUNDS + ROUNDS; round++) {
                for (String engine : round % 2 == 0 ? List.of("jdk", "okhttp") : List.of("okhttp", "jdk")) {
                    System.setProperty("hermes.http.engine", engine);
                    try (PeerClients.Hermes hermes = new PeerClients.Hermes(sim.chatCompletionsBaseUrl(),
                            dev.hermes.stream.StreamTimeouts.DEFAULTS)) {
                        double us = PeersBenchmark.cpuPerDelta(hermes, model);
                        System.out.printf("  round %d hermes on %-6s %.1f us/delta%n", round, engine, us);
                        if (round >= WARM_ROUNDS) cpu.computeIfAbsent(engine, k -> new ArrayList<>()).add(us);
                    }
                }
            }
        } finally {
            if (before == null) System.clearProperty("hermes.http.engine");
            else System.setProperty("hermes.http.engine", before);
        }
        List<String[]> rows = new ArrayList<>();
        cpu.forEach((engine, xs) -> {
            cpuUsPerDelta.put("hermes on " + engine, Stats.median(xs));
            rows.add(Report.row("`FailoverCaller` on `-Dhermes.http.engine=" + engine + "`",
                    String.format("%.1f", Stats.median(xs)), String.format("%.1f", Stats.min(xs)), String.format("%.1f", Stats.max(xs))));
        });
        report.text("The whole client on each engine, same workload, rounds interleaved: a `FailoverCaller` call per "
                + "stream (watchdog, SSE parsing, JSON translation, the hand-off to the caller, the assembler), every "
                + "answer checked exact.");
        report.table(Report.headers("client", "CPU us/delta (median)", "min", "max"), rows);
    }

    /** One round: {@code [cpu us per delta, wall seconds]}. */
    private static double[] round(RawClient client, URI uri, byte[] body) throws InterruptedException {
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        AtomicLong deltas = new AtomicLong();
        AtomicInteger failures = new AtomicInteger();
        CountDownLatch done = new CountDownLatch(STREAMS);
        long cpu0 = os.getProcessCpuTime();
        long t0 = System.nanoTime();
        for (int i = 0; i < STREAMS; i++) {
            Thread.ofVirtual().start(() -> {
                try {
                    Opened o = client.post(uri, body);
                    try (var in = o.body()) {
                        SseReader reader = new SseReader(in, null);
                        SseItem item;
                        int n = 0;
                        while ((item = reader.next()) != null) {
                            if (item instanceof SseItem.Event e && !e.data().equals("[DONE]")) n++;
                        }
                        if (n < CHUNKS) throw new IllegalStateException("only " + n + " events");
                        deltas.addAndGet(n);
                    }
                } catch (Exception e) {
                    if (failures.getAndIncrement() == 0) e.printStackTrace();
                } finally {
                    done.countDown();
                }
            });
        }
        if (!done.await(120, TimeUnit.SECONDS)) throw new IllegalStateException(client.name() + ": round timed out");
        long wall = System.nanoTime() - t0;
        long cpu = os.getProcessCpuTime() - cpu0;
        if (failures.get() > 0) throw new IllegalStateException(client.name() + ": " + failures + " streams failed");
        return new double[] {cpu / 1000.0 / deltas.get(), wall / 1e9};
    }

    /** Milliseconds from aborting a stalled exchange to its reader unblocking, one per try. */
    private static long[] stalls(RawClient client, URI uri, byte[] body) throws Exception {
        long[] out = new long[STALLS];
        for (int i = 0; i < STALLS; i++) {
            Opened o = client.post(uri, body);
            SseReader reader = new SseReader(o.body(), null);
            int events = 0;
            while (events < 2) {
                if (reader.next() instanceof SseItem.Event) events++;
            }
            AtomicLong abortedAt = new AtomicLong();
            Thread aborter = Thread.ofVirtual().start(() -> {
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    return;
                }
                abortedAt.set(System.nanoTime());
                o.abort().run();
            });
            Thread watcher = Thread.ofVirtual().start(() -> {
                try {
                    while (reader.next() != null) {
                        // events sent before the stall (the sim's role chunk counts as one) are read on
                    }
                } catch (Exception expected) {
                    // a closed body throws or ends: either unblocks the reader
                }
            });
            if (!watcher.join(java.time.Duration.ofSeconds(10))) {
                throw new IllegalStateException(client.name() + ": closing a stalled body did not unblock its reader in 10 s");
            }
            out[i] = System.nanoTime() - abortedAt.get();
            aborter.join();
        }
        return out;
    }

    private static byte[] body(String model) {
        return ("{\"model\":\"" + model + "\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":"
                + "\"Which client streams cheapest?\"}]}").getBytes(StandardCharsets.UTF_8);
    }
}

package dev.hermes.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Entry point of {@code bin/bench [NAME...]}: runs every benchmark (or the named ones) and
 * rewrites their sections of docs/benchmarks.md. Exits 2 on an unknown name, 1 when a benchmark
 * failed (its section is then left as it was).
 */
public final class BenchMain {

    private static final List<Benchmark> ALL = List.of(new StartupBenchmark(), new StallLagBenchmark(),
            new FailoverLatencyBenchmark(), new ConcurrentStreamsBenchmark(), new BoardBenchmark(), new ProxyBenchmark());

    private BenchMain() {
    }

    public static void main(String[] args) throws Exception {
        List<Benchmark> chosen = new ArrayList<>();
        for (String a : args) {
            Benchmark b = ALL.stream().filter(x -> x.name().equals(a)).findFirst().orElse(null);
            if (b == null) {
                System.err.println("bench: unknown benchmark '" + a + "'; known: "
                        + ALL.stream().map(Benchmark::name).toList());
                System.exit(2);
            }
            chosen.add(b);
        }
        if (chosen.isEmpty()) chosen.addAll(ALL);

        BenchEnv env = BenchEnv.current();
        Map<String, String> sections = new LinkedHashMap<>();
        boolean failed = false;
        for (Benchmark b : chosen) {
            System.out.println("== " + b.name() + ": " + b.title());
            Report report = new Report();
            long start = System.nanoTime();
            try {
                b.run(env, report);
            } catch (Exception | AssertionError e) {
                System.err.println("bench: " + b.name() + " failed: " + e);
                e.printStackTrace();
                failed = true;
                continue;
            }
            long seconds = Math.round((System.nanoTime() - start) / 1e9);
            sections.put(b.name(), "## " + b.title() + "\n\n"
                    + "Machine: " + Machine.describe() + ". Reproduce: `bin/bench " + b.name() + "` (took " + seconds
                    + " s).\n\n" + report.markdown());
            System.out.println("== " + b.name() + " done in " + seconds + " s");
        }
        BenchDoc.update(env.root().resolve("docs/benchmarks.md"), ALL.stream().map(Benchmark::name).toList(), sections);
        System.out.println("bench: wrote " + env.root().resolve("docs/benchmarks.md"));
        if (failed) System.exit(1);
    }
}

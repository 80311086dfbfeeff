package dev.hermes.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Time from starting {@code hermes --version} to its exit: through {@code bin/hermes} with its
 * class-data-sharing archive warm, and by the java command line by hand to separate the launcher
 * script's cost and to switch CDS and the C1-only flag off. Variants run round-robin so drift on
 * a shared machine spreads over all of them.
 */
final class StartupBenchmark implements Benchmark {

    private static final int RUNS = 20;

    @Override
    public String name() {
        return "startup";
    }

    @Override
    public String title() {
        return "Startup: `hermes --version` to exit";
    }

    @Override
    public void run(BenchEnv env, Report report) throws Exception {
        Path jar = env.root().resolve("target/hermes.jar");
        Path jsa = env.root().resolve("target/hermes.jsa");
        Path aot = env.root().resolve("target/hermes.aot");
        if (!Files.exists(jar)) throw new IllegalStateException("no " + jar + ": bin/bench builds it first");
        String java = env.java().toString();
        List<String> launcher = List.of(env.root().resolve("bin/hermes").toString(), "--version");
        // bin/hermes's own java line, minus AutoCreateSharedArchive: by hand the archive is only read
        List<String> common = List.of("-XX:+UseSerialGC", "--enable-native-access=ALL-UNNAMED", "-Xlog:cds=off", "-Xlog:cds+dynamic=off",
                "-Dhermes.launcher=" + env.root().resolve("bin/hermes"), "-Dhermes.stdout.tty=false");
        Map<String, List<String>> variants = new LinkedHashMap<>();
        boolean aotJdk = Runtime.version().feature() >= 24;
        variants.put(aotJdk ? "`bin/hermes --version` (script + JDK AOT cache + C1 only)"
                : "`bin/hermes --version` (script + app CDS archive + C1 only)", launcher);
        variants.put("java by hand: app CDS archive, C1 only (= bin/hermes minus the script)",
                javaLine(java, common, List.of("-XX:TieredStopAtLevel=1", "-XX:SharedArchiveFile=" + jsa), jar));
        variants.put("java by hand: app CDS archive, full tiered JIT",
                javaLine(java, common, List.of("-XX:SharedArchiveFile=" + jsa), jar));
        variants.put("java by hand: JDK's default CDS only (no app archive), C1 only",
                javaLine(java, common, List.of("-XX:TieredStopAtLevel=1"), jar));
        variants.put("java by hand: CDS off (`-Xshare:off`), C1 only",
                javaLine(java, common, List.of("-XX:TieredStopAtLevel=1", "-Xshare:off"), jar));
        variants.put("java by hand: CDS off, full tiered JIT", javaLine(java, common, List.of("-Xshare:off"), jar));
        if (aotJdk) {
            // today's launcher, side by side: the same script on its class-data-sharing path
            variants.put("`HERMES_STARTUP_CACHE=cds bin/hermes --version` (the launcher before the AOT cache)",
                    List.of("env", "HERMES_STARTUP_CACHE=cds", env.root().resolve("bin/hermes").toString(), "--version"));
            List<String> quiet = new ArrayList<>(common);
            if (Runtime.version().feature() >= 25) quiet.add("-Xlog:aot=off");
            variants.put("java by hand: JDK AOT cache, C1 only (= bin/hermes minus the script)",
                    javaLine(java, quiet, List.of("-XX:TieredStopAtLevel=1", "-XX:AOTCache=" + aot), jar));
        }

        // one real command, so a gain is not --version's alone: it builds a subcommand and reads the config
        String realCommand = "`bin/hermes config path` (a real command, same launcher)";
        variants.put(realCommand, List.of(env.root().resolve("bin/hermes").toString(), "config", "path"));

        // Warm: the first CDS run dumps the archive at exit, the next map it; on JDK 24+ the first
        // bin/hermes run trains the AOT cache in the background: wait for it.
        String version = "";
        List<String> cdsLauncher = List.of("env", "HERMES_STARTUP_CACHE=cds", env.root().resolve("bin/hermes").toString(),
                "--version");
        for (int i = 0; i < 3; i++) version = runOnce(cdsLauncher, env.root()).output().strip();
        if (!Files.exists(jsa)) throw new IllegalStateException("bin/hermes did not create " + jsa);
        if (aotJdk) {
            runOnce(launcher, env.root());
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (!Files.exists(aot) && System.nanoTime() < deadline) Thread.sleep(100);
            if (!Files.exists(aot)) throw new IllegalStateException("bin/hermes did not train " + aot + " within 120 s");
        }
        Map<String, String> outputs = new LinkedHashMap<>();
        for (Map.Entry<String, List<String>> v : variants.entrySet()) {
            outputs.put(v.getKey(), runOnce(v.getValue(), env.root()).output().strip());
        }
        if (!outputs.values().stream().filter(o -> o.startsWith("hermes ")).allMatch(version::equals)) {
            throw new IllegalStateException("the variants disagree on the version: " + outputs);
        }

        Map<String, long[]> samples = new LinkedHashMap<>();
        variants.keySet().forEach(k -> samples.put(k, new long[RUNS]));
        for (int i = 0; i < RUNS; i++) {
            for (Map.Entry<String, List<String>> v : variants.entrySet()) {
                Run r = runOnce(v.getValue(), env.root());
                if (!r.output().strip().equals(outputs.get(v.getKey()))) {
                    throw new IllegalStateException(v.getKey() + " printed '" + r.output().strip() + "', not '"
                            + outputs.get(v.getKey()) + "'");
                }
                samples.get(v.getKey())[i] = r.nanos();
            }
        }

        report.text("`--version` prints `" + version + "`. " + RUNS + " runs per variant, interleaved, after warm-up "
                + "runs (the archive `target/hermes.jsa` is " + Files.size(jsa) / 1024 + " KiB"
                + (aotJdk ? ", the AOT cache `target/hermes.aot` " + Files.size(aot) / 1024 + " KiB" : "")
                + "). Wall time from process start to exit, measured by the parent. The variants were "
                + "interleaved: read the rows against each other.");
        List<String[]> rows = new ArrayList<>();
        samples.forEach((k, s) -> rows.add(Report.row(k, Stats.of(s).cells())));
        report.table(Report.headers("variant", Stats.HEADERS), rows);

        List<Stats> st = samples.values().stream().map(Stats::of).toList();
        // the launcher against its own java line by hand: the AOT cache's on JDK 24+, the archive's before
        long script = st.get(0).percentile(50) - st.get(aotJdk ? 7 : 1).percentile(50);
        Stats real = Stats.of(samples.get(realCommand));
        long cds = st.get(4).percentile(50) - st.get(1).percentile(50);
        long appCds = st.get(3).percentile(50) - st.get(1).percentile(50);
        long c1 = st.get(2).percentile(50) - st.get(1).percentile(50);
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("version_p50_ms", Math.round(st.get(0).percentile(50) / 1e5) / 10.0);
        figures.put("version_before_p50_ms", aotJdk ? Math.round(st.get(6).percentile(50) / 1e5) / 10.0 : null);
        figures.put("java_aot_p50_ms", aotJdk ? Math.round(st.get(7).percentile(50) / 1e5) / 10.0 : null);
        figures.put("java_cds_p50_ms", Math.round(st.get(1).percentile(50) / 1e5) / 10.0);
        figures.put("config_path_p50_ms", Math.round(real.percentile(50) / 1e5) / 10.0);
        report.figures(figures);
        if (aotJdk) {
            report.bullet("The AOT cache against today's class-data-sharing launcher: " + Stats.ms(st.get(0).percentile(50))
                    + " ms against " + Stats.ms(st.get(6).percentile(50)) + " ms at the median (java by hand: "
                    + Stats.ms(st.get(7).percentile(50)) + " against " + Stats.ms(st.get(1).percentile(50)) + " ms).");
        }
        report.bullet("CDS buys " + Stats.ms(cds) + " ms at the median (archive vs `-Xshare:off`); the app archive "
                        + "alone, over the JDK's default archive, " + Stats.ms(appCds) + " ms.")
                .bullet("`-XX:TieredStopAtLevel=1` " + (c1 > 0 ? "saves " + Stats.ms(c1) : "costs " + Stats.ms(-c1))
                        + " ms at the median against full tiered compilation (with the archive).")
                .bullet("The launcher script (shell builtins, the JDK lookup remembered in `target/.jdk`, one `find` "
                        + "for staleness) adds " + Stats.ms(script) + " ms.")
                .bullet("A real command, `config path`, through the same launcher: " + Stats.ms(real.percentile(50))
                        + " ms at the median (it builds its one subcommand and reads the configuration).")
                .endList();
        report.text("What bounds it: JVM boot (about 20 ms to `main`), then picocli: its jar is compiled for Java 5 "
                + "(class-file version 49), which the AOT cache cannot link ahead of time (\"Old class has been linked\" "
                + "in `-Xlog:aot`), so its ~175 classes are loaded and verified the old way at every start, and it "
                + "reflects over the annotations of every command it is given. The command line is given only what it "
                + "needs (`cli/Subcommands`: the subcommand it names, none for `--version`, the whole tree for help or "
                + "bare `hermes`), which took building the fourteen other subtrees off every run; the cache is trained "
                + "on `--help`, so every command's classes are in it. The launcher runs on shell builtins (plus one "
                + "`find` for staleness). What is left is JVM start and picocli's own classes.");
    }

    private static List<String> javaLine(String java, List<String> common, List<String> flags, Path jar) {
        List<String> cmd = new ArrayList<>();
        cmd.add(java);
        cmd.addAll(common);
        cmd.addAll(flags);
        cmd.addAll(List.of("-jar", jar.toString(), "--version"));
        return cmd;
    }

    private record Run(long nanos, String output) {
    }

    private static Run runOnce(List<String> cmd, Path dir) throws IOException, InterruptedException {
        long start = System.nanoTime();
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException(cmd + " did not exit within 60 s");
        }
        long nanos = System.nanoTime() - start;
        if (p.exitValue() != 0) throw new IllegalStateException(cmd + " exited " + p.exitValue() + ": " + out);
        return new Run(nanos, out);
    }
}

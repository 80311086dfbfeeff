package dev.hermes.it;

import dev.hermes.provider.WireApi;
import dev.hermes.sim.SimScript;
import dev.hermes.sim.SimServer;
import dev.hermes.testing.HermesProcess;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 9 through the real launcher, as a user meets it: hostile files, a catastrophic regex, a
 * tool that will not end, Ctrl-C, background jobs. The scripted simulator makes the agent call
 * the tools.
 */
class ToolHardeningIT {

    private static final Duration RUN = Duration.ofSeconds(90);

    @TempDir
    Path temp;
    private Path home;
    private Path ws;
    private SimServer sim;

    @BeforeEach
    void start() throws Exception {
        home = Files.createDirectories(temp.resolve("home"));
        ws = Files.createDirectories(temp.resolve("ws"));
        sim = SimServer.start();
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    /** Registers the turns as script {@code name} and makes it the configured model, plus {@code extraYaml}. */
    private void script(String name, String extraYaml, SimScript.Turn... turns) throws Exception {
        sim.registerScript(new SimScript(name, List.of(turns)));
        Files.writeString(home.resolve("config.yaml"), "model: {provider: custom, default: \"scripted:" + name
                + "\", base_url: " + sim.anthropicBaseUrl() + ", api_mode: " + WireApi.ANTHROPIC_MESSAGES.configName() + "}\n"
                + extraYaml);
    }

    private HermesProcess.Result chat(Map<String, String> extraEnv, String... args) throws Exception {
        Map<String, String> env = new HashMap<>(extraEnv);
        env.put("HERMES_HOME", home.toString());
        String[] all = Stream.concat(Stream.of("chat", "--workspace", ws.toString(), "--yolo", "--format", "stream-json"),
                Stream.of(args)).toArray(String[]::new);
        return HermesProcess.run(temp, env, RUN, all);
    }

    private static SimScript.Turn call(String tool, Map<String, ?> args) {
        return SimScript.Turn.tools(SimScript.ToolCall.of(tool, args));
    }

    /** The stream-json tool_result lines of a run's stdout. */
    private static List<String> toolResults(String out) {
        return out.lines().filter(l -> l.contains("\"type\":\"tool_result\"")).toList();
    }

    @Test
    void aCatastrophicRegexInSearchFilesEndsAtOnce() throws Exception {
        Files.writeString(ws.resolve("a.txt"), "a".repeat(200) + "\n");
        script("regex", "", call("search_files", Map.of("pattern", "(.*a){20}b")), SimScript.Turn.text("Searched."));

        long t0 = System.nanoTime();
        HermesProcess.Result r = chat(Map.of(), "-q", "search");
        long ms = (System.nanoTime() - t0) / 1_000_000;

        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(toolResults(r.out())).singleElement().asString().contains("No matches found");
        assertThat(ms).as("a linear-time engine answers at once").isLessThan(30_000);
    }

    @Test
    void everyToolCallHasAConfigurableDeadline() throws Exception {
        script("slow", "agent: {tool_timeout_seconds: 1}\n",
                call("terminal", Map.of("command", "sleep 60", "timeout", 120)), SimScript.Turn.text("Gave up waiting."));

        long t0 = System.nanoTime();
        HermesProcess.Result r = chat(Map.of(), "-q", "wait");
        long ms = (System.nanoTime() - t0) / 1_000_000;

        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(toolResults(r.out())).singleElement().asString()
                .contains("\"is_error\":true", "tool deadline", "agent.tool_timeout_seconds");
        assertThat(ms).isLessThan(40_000);
    }

    @Test
    void ctrlCStopsTheRunningToolAtOnceAndKeepsTheSession() throws Exception {
        script("hang", "", call("terminal", Map.of("command", "touch started; sleep 120")), SimScript.Turn.text("never"));
        Map<String, String> env = Map.of("HERMES_HOME", home.toString());
        Path out = temp.resolve("out.txt");
        Path err = temp.resolve("err.txt");
        Process p = HermesProcess.start(temp, env, out, err, "chat", "--workspace", ws.toString(), "--yolo", "-q", "hang");
        try {
            long deadline = System.nanoTime() + RUN.toNanos();
            while (!Files.exists(ws.resolve("started")) && System.nanoTime() < deadline && p.isAlive()) Thread.sleep(20);
            assertThat(ws.resolve("started")).as(Files.readString(err)).exists();
            long t0 = System.nanoTime();
            new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).start().waitFor();

            assertThat(p.waitFor(20, TimeUnit.SECONDS)).as("the process ends after one Ctrl-C").isTrue();
            assertThat(p.exitValue()).as(Files.readString(err)).isEqualTo(130);
            assertThat((System.nanoTime() - t0) / 1_000_000).isLessThan(15_000);
        } finally {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
        String session = onlySessionText();
        assertThat(session).contains("\"type\":\"tool_result\"", "cancelled", "\"kind\":\"interrupted\"");
    }

    @Test
    void backgroundJobsUnderJobControlDoNotOutliveTheTerminalCall() throws Exception {
        script("bg", "", call("terminal", Map.of("command",
                        "set -m; sleep 100.31 & echo $! > bg.pid; (sleep 100.32 &) ; pgrep -n -f 'sleep 100.32' > bg2.pid; echo started")),
                SimScript.Turn.text("Started."));

        HermesProcess.Result r = chat(Map.of(), "-q", "start a job");

        assertThat(r.exit()).as(r.err()).isZero();
        for (String pidFile : List.of("bg.pid", "bg2.pid")) {
            long pid = Long.parseLong(Files.readString(ws.resolve(pidFile)).strip());
            assertThat(ProcessHandle.of(pid).filter(ProcessHandle::isAlive).filter(h -> !zombie(h)))
                    .as(pidFile + " pid " + pid + " still running").isEmpty();
        }
    }

    @Test
    void readFileOnAHugeSingleLineFileIsBoundedAndTheProcessSurvives() throws Exception {
        Path big = ws.resolve("big.log");
        try (RandomAccessFile f = new RandomAccessFile(big.toFile(), "rw")) {
            f.write("x".repeat(64 * 1024).getBytes(StandardCharsets.US_ASCII)); // text where the binary sniff looks
            f.setLength(2_500L * 1024 * 1024); // the rest is a sparse hole: one 2.5 GB line
        }
        script("big", "", call("read_file", Map.of("path", "big.log")), SimScript.Turn.text("Read it."));

        HermesProcess.Result r = chat(Map.of("JAVA_TOOL_OPTIONS", "-Xmx96m"), "-q", "read the log");

        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.err()).doesNotContain("OutOfMemoryError");
        assertThat(toolResults(r.out())).singleElement().asString().contains("line cut at");
        assertThat(r.out()).contains("Read it.");
    }

    @Test
    void patchKeepsEveryByteOfALatin1FileThatItDidNotChangeAndReadFileSaysItIsNotUtf8() throws Exception {
        byte[] latin1 = "caf\u00e9 cr\u00e8me\nstatus: todo\nna\u00efve\n".getBytes(StandardCharsets.ISO_8859_1);
        Files.write(ws.resolve("notes.txt"), latin1);
        script("latin", "", call("read_file", Map.of("path", "notes.txt")),
                call("patch", Map.of("path", "notes.txt", "old_string", "status: todo", "new_string", "status: done")),
                SimScript.Turn.text("Patched."));

        HermesProcess.Result r = chat(Map.of(), "-q", "mark it done");

        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(Files.readAllBytes(ws.resolve("notes.txt")))
                .isEqualTo("caf\u00e9 cr\u00e8me\nstatus: done\nna\u00efve\n".getBytes(StandardCharsets.ISO_8859_1));
        List<String> results = toolResults(r.out());
        assertThat(results.get(0)).contains("not valid UTF-8", "caf\u00e9");
        assertThat(results.get(1)).contains("\"is_error\":false", "Replaced 1 occurrence");
    }

    private String onlySessionText() throws Exception {
        try (Stream<Path> files = Files.list(home.resolve("sessions"))) {
            Path only = files.filter(f -> f.toString().endsWith(".jsonl")).reduce((a, b) -> {
                throw new AssertionError("more than one session");
            }).orElseThrow();
            return Files.readString(only);
        }
    }

    private static boolean zombie(ProcessHandle h) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(h.pid()), "stat"));
            return stat.substring(stat.lastIndexOf(')') + 2).startsWith("Z");
        } catch (Exception e) {
            return true; // gone
        }
    }
}

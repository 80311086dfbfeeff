package dev.hermes.tools;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hermes.llm.ToolDefinition;
import dev.hermes.util.MonotonicClock;
import dev.hermes.util.Sleeper;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * {@code terminal(command, workdir?, timeout?)}: runs {@code /bin/bash -c command} in the
 * workspace with stdin from {@code /dev/null}, stdout and stderr interleaved. On timeout,
 * cancellation or interruption the whole process tree is killed (SIGTERM, then SIGKILL after a
 * grace period); background processes still alive when the command exits are killed the same way,
 * so nothing the agent starts outlives its call. Commands do not inherit API keys, tokens and
 * other secrets from the environment ({@link SecretEnv}).
 */
public final class TerminalTool implements Tool {

    /**
     * Limits and timers.
     *
     * @param defaultTimeout used when the call gives none (the original's 180 s)
     * @param maxTimeout     the largest timeout a call may ask for
     * @param killGrace      time between SIGTERM and SIGKILL
     * @param outputCapBytes output kept, half from the start and half from the end
     * @param poll           how often the wait checks cancellation and the deadline
     */
    public record Settings(Duration defaultTimeout, Duration maxTimeout, Duration killGrace, int outputCapBytes,
                           Duration poll, MonotonicClock clock, Sleeper sleeper) {
        public Settings {
            Objects.requireNonNull(clock, "clock");
            Objects.requireNonNull(sleeper, "sleeper");
            if (outputCapBytes < 2) throw new IllegalArgumentException("outputCapBytes must be at least 2");
        }

        public static Settings defaults() {
            return new Settings(Duration.ofSeconds(180), Duration.ofHours(1), Duration.ofSeconds(2), 64 * 1024,
                    Duration.ofMillis(25), MonotonicClock.SYSTEM, Sleeper.SYSTEM);
        }
    }

    /**
     * setsid(1) makes the shell the leader of a new session and process group (same pid, since
     * it execs), so background children stay findable after the shell exits; it also detaches the
     * command from any controlling terminal. Without it (not Linux) only descendants are tracked.
     */
    private static final String SETSID = Files.isExecutable(Path.of("/usr/bin/setsid")) ? "/usr/bin/setsid"
            : Files.isExecutable(Path.of("/bin/setsid")) ? "/bin/setsid" : null;

    /** How long to wait for the output pipe to close once the tree is gone. */
    private static final long DRAIN_MILLIS = 500;

    private static final ToolDefinition DEFINITION = new ToolDefinition("terminal",
            "Run a shell command (bash) in the workspace. Returns stdout and stderr interleaved, and the exit code."
                    + " stdin is empty; interactive programs will not work. Long output keeps its start and end."
                    + " The command and everything it started are killed at the timeout.",
            """
            {"type":"object","properties":{
              "command":{"type":"string","description":"The shell command to run"},
              "workdir":{"type":"string","description":"Working directory, relative to the workspace (default .)"},
              "timeout":{"type":"number","description":"Timeout in seconds (default 180)"}
            },"required":["command"],"additionalProperties":false}""");

    private enum Ending { EXITED, TIMED_OUT, CANCELLED }

    private final Settings settings;
    /** The environment commands start from (before secrets are removed); null for this process's. */
    private final Map<String, String> baseEnvironment;

    public TerminalTool() {
        this(Settings.defaults());
    }

    public TerminalTool(Settings settings) {
        this(settings, null);
    }

    /** With a given base environment instead of this process's; tests use it to plant secrets. */
    TerminalTool(Settings settings, Map<String, String> baseEnvironment) {
        this.settings = settings;
        this.baseEnvironment = baseEnvironment == null ? null : Map.copyOf(baseEnvironment);
    }

    @Override
    public ToolDefinition definition() {
        return DEFINITION;
    }

    @Override
    public boolean readOnly() {
        return false;
    }

    @Override
    public ToolOutcome run(JsonNode args, ToolContext context) throws ToolException, IOException, InterruptedException {
        String command = Args.string(args, "command");
        Path workdir = context.workspace().resolve(Args.string(args, "workdir", "."));
        if (!Files.isDirectory(workdir)) throw new ToolException("workdir " + Args.string(args, "workdir") + " is not a directory");
        Duration timeout = timeout(args);
        if (context.approval().decide(command, workdir) instanceof ApprovalPolicy.Decision.Denied denied) {
            return ToolOutcome.error(denied.reason());
        }
        ProcessBuilder builder = new ProcessBuilder(shell(command))
                .directory(workdir.toFile())
                .redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        if (baseEnvironment != null) {
            builder.environment().clear();
            builder.environment().putAll(baseEnvironment);
        }
        SecretEnv.strip(builder.environment()); // the model must not read the user's keys through env
        Process process = builder.start();
        Throttle activity = new Throttle(context.onActivity(), settings.clock());
        HeadTailBuffer output = new HeadTailBuffer(settings.outputCapBytes() / 2, settings.outputCapBytes() - settings.outputCapBytes() / 2);
        Thread reader = Thread.ofVirtual().name("terminal-output-" + process.pid())
                .start(() -> pump(process.getInputStream(), output, activity));
        ProcessTree tree = new ProcessTree(process.toHandle(), SETSID != null, settings.clock(), settings.sleeper());
        Ending ending;
        try {
            ending = await(process, tree, timeout, context, activity);
            tree.kill(settings.killGrace()); // after a normal exit this ends background leftovers
        } catch (InterruptedException e) {
            tree.kill(settings.killGrace());
            throw e;
        }
        boolean drained = reader.join(Duration.ofMillis(DRAIN_MILLIS));
        String text = output.text();
        String note = drained ? "" : "\n[output after exit not captured: a detached process still holds it]";
        return switch (ending) {
            case EXITED -> ToolOutcome.ok(ended((text.isEmpty() ? "(no output)" : text) + note)
                    + "[exit code: " + process.waitFor() + "]");
            case TIMED_OUT -> ToolOutcome.error(ended(text + note) + "[timed out after " + seconds(timeout)
                    + " s; the command and all its processes were killed]");
            case CANCELLED -> ToolOutcome.error(ended(text + note) + "[cancelled; the command and all its processes were killed]");
        };
    }

    private Ending await(Process process, ProcessTree tree, Duration timeout, ToolContext context, Throttle activity)
            throws InterruptedException {
        long start = settings.clock().nanoTime();
        while (!process.waitFor(settings.poll().toMillis(), TimeUnit.MILLISECONDS)) {
            tree.track();
            activity.tick();
            if (context.cancel().isCancelled()) return Ending.CANCELLED;
            if (settings.clock().nanoTime() - start >= timeout.toNanos()) return Ending.TIMED_OUT;
        }
        return Ending.EXITED;
    }

    private Duration timeout(JsonNode args) throws ToolException {
        double requested = Args.number(args, "timeout", settings.defaultTimeout().toNanos() / 1e9);
        Duration timeout = Duration.ofNanos((long) (requested * 1e9));
        if (requested <= 0 || timeout.compareTo(settings.maxTimeout()) > 0) {
            throw new ToolException("timeout " + requested + " s is out of range; it must be above 0 and at most "
                    + seconds(settings.maxTimeout()) + " s");
        }
        return timeout;
    }

    private static List<String> shell(String command) {
        return SETSID == null ? List.of("/bin/bash", "-c", command) : List.of(SETSID, "/bin/bash", "-c", command);
    }

    private static void pump(InputStream in, HeadTailBuffer output, Throttle activity) {
        byte[] buffer = new byte[8192];
        try (in) {
            for (int n; (n = in.read(buffer)) >= 0; ) {
                output.write(buffer, 0, n);
                activity.tick();
            }
        } catch (IOException e) {
            byte[] note = ("\n[output read failed: " + e.getMessage() + "]").getBytes(StandardCharsets.UTF_8);
            output.write(note, 0, note.length);
        }
    }

    /** The text with exactly one line break before the status line that follows it. */
    private static String ended(String text) {
        return text.isEmpty() || text.endsWith("\n") ? text : text + "\n";
    }

    private static String seconds(Duration d) {
        double s = d.toNanos() / 1e9;
        return s == Math.rint(s) ? Long.toString((long) s) : Double.toString(s);
    }
}

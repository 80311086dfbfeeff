package dev.hermes.cli;

import dev.hermes.board.BoardOptions;
import dev.hermes.board.BoardStore;
import dev.hermes.board.NewTask;
import dev.hermes.board.Run;
import dev.hermes.board.SqliteBoardStore;
import dev.hermes.board.Task;
import dev.hermes.board.TaskQuery;
import dev.hermes.board.TaskStatus;
import dev.hermes.board.dispatch.DispatchSettings;
import dev.hermes.board.dispatch.Dispatcher;
import dev.hermes.board.dispatch.Reaper;
import dev.hermes.board.dispatch.TickReport;
import dev.hermes.board.dispatch.WorkerCommand;
import dev.hermes.board.dispatch.WorkerEnvironment;
import dev.hermes.board.dispatch.WorkerLauncher;
import dev.hermes.exit.ExitCodes;
import dev.hermes.sim.SimAttempt;
import dev.hermes.sim.SimServer;
import dev.hermes.util.MonotonicClock;
import dev.hermes.util.Sleeper;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code hermes demo kanban}: with no key and no network, a board of four dependent tasks worked
 * to the end by real worker processes on the simulator's scripted worker model. One worker's
 * primary provider cuts its stream in the middle of the task (when it calls kanban_complete) and
 * the worker finishes through its fallback. Everything happens in a fresh home that is left in
 * place, so the board, runs and logs can be looked at afterwards.
 */
@Command(name = "kanban", description = "See the kanban board work: dependent tasks, real workers, one failover "
        + "mid-task, all on the simulator (no key, no network).")
final class DemoKanbanCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--timeout", paramLabel = "S", defaultValue = "300",
            description = "Give up after this many seconds (default 300; a worker is a JVM: slow machines need time).")
    long timeoutSeconds;

    @Option(names = "--dir", paramLabel = "DIR", description = "Where to create the demo home (default: a new temp folder).")
    Path dir;

    @Override
    public Integer call() throws IOException, InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        String launcher = System.getProperty("hermes.launcher");
        if (launcher == null) {
            err.println("hermes: demo kanban starts workers with bin/hermes: run it through bin/hermes");
            return ExitCodes.USAGE;
        }
        Path root = dir != null ? Files.createDirectories(dir.toAbsolutePath()) : Files.createTempDirectory("hermes-demo-");
        try (SimServer sim = SimServer.start()) {
            profile(root, "builder", "scripted:kanban-worker", sim, false);
            profile(root, "writer", "scripted:kanban-worker-flaky", sim, true);
            Files.createDirectories(root.resolve("boards"));
            Path db = root.resolve("boards/default.db");
            try (BoardStore board = SqliteBoardStore.open(db, BoardOptions.DEFAULTS)) {
                Task outline = board.create(task("Outline the report", "builder").status(TaskStatus.READY).build());
                Task sources = board.create(task("Collect the sources", "builder").status(TaskStatus.READY).build());
                Task draft = board.create(task("Draft the report", "writer").parent(outline.id()).parent(sources.id())
                        .body("Write the report from the outline and the sources.").build());
                Task publish = board.create(task("Publish the report", "builder").parent(draft.id()).build());
                err.println("demo: a simulated provider is listening on 127.0.0.1:" + sim.port() + " (no key, no network)");
                err.println("demo: home " + root + "; board " + db);
                err.println("demo: " + outline.id() + " and " + sources.id() + " come first, then " + draft.id()
                        + " (its worker's primary cuts the stream mid-task; a fallback finishes), then " + publish.id());
                boolean finished = run(board, root, launcher, err);
                err.flush();
                printBoard(board, out);
                failovers(sim.attempts(), err);
                err.println("demo: look around: HERMES_HOME=" + root + " hermes kanban show " + draft.id()
                        + "   (or: kanban log " + draft.id() + ")");
                return finished ? ExitCodes.OK : ExitCodes.PROVIDER_FAILURE;
            }
        }
    }

    private static NewTask.Builder task(String title, String assignee) {
        return NewTask.builder(title).assignee(assignee).body(title + ".");
    }

    /** A profile whose primary is a scripted worker on the simulator; with {@code fallback}, a healthy one too. */
    private static void profile(Path root, String name, String model, SimServer sim, boolean fallback)
            throws IOException {
        Path dir = Files.createDirectories(root.resolve("profiles").resolve(name));
        // Loopback endpoints get the long local-server timeouts by default: short ones keep a fault visible.
        String config = "providers:\n"
                + "  sim-primary: {base_url: '" + sim.chatCompletionsBaseUrl() + "', api_mode: chat_completions}\n"
                + "  sim-fallback: {base_url: '" + sim.anthropicBaseUrl() + "', api_mode: anthropic_messages}\n"
                + "model: {provider: sim-primary, default: '" + model + "'}\n"
                + "timeouts: {connect_timeout_seconds: 5, headers_timeout_seconds: 10, first_content_timeout_seconds: 10,"
                + " content_idle_timeout_seconds: 5, deadline_seconds: 60}\n"
                + "agent: {retries: 1}\n"
                + "failover: {backoff_base_seconds: 0.1, backoff_cap_seconds: 0.3}\n"
                + (fallback ? "fallback_providers:\n  - {provider: sim-fallback, model: 'scripted:kanban-worker'}\n" : "");
        Files.writeString(dir.resolve("config.yaml"), config);
    }

    /** Ticks until every task is done or blocked, or the timeout; true when all are done. */
    private boolean run(BoardStore board, Path root, String launcher, PrintWriter err) throws InterruptedException {
        DispatchSettings settings = new DispatchSettings(root.resolve("boards/default.db").toString(),
                root.resolve("boards/default"), 4, 4, DispatchSettings.DEFAULT_LEASE, DispatchSettings.DEFAULT_KILL_GRACE,
                Duration.ofMillis(300));
        Map<String, String> env = new HashMap<>(HermesCommand.of(spec).environment().variables());
        env.put("HERMES_HOME", root.toString());
        Dispatcher d = new Dispatcher(board, settings, WorkerCommand.hermes(launcher), WorkerLauncher.PROCESS, env,
                new WorkerEnvironment(List.of()), KanbanProfiles.preflight(root, HermesCommand.of(spec).environment()
                .userHome()), new Reaper(MonotonicClock.SYSTEM, Sleeper.SYSTEM), MonotonicClock.SYSTEM);
        long deadline = System.nanoTime() + Duration.ofSeconds(timeoutSeconds).toNanos();
        while (System.nanoTime() < deadline) {
            TickReport report = d.tick();
            if (!report.idle()) err.println("demo: dispatcher: " + report.summary());
            err.flush();
            List<Task> all = board.list(TaskQuery.ALL);
            boolean done = all.stream().allMatch(t -> t.status() == TaskStatus.DONE);
            if (done || d.liveWorkers() == 0 && all.stream().anyMatch(t -> t.status() == TaskStatus.BLOCKED)) {
                // workers exit right after finishing their task: wait for them, so none outlives the demo
                List<String> exited = d.awaitWorkers(Duration.ofSeconds(30));
                if (!exited.isEmpty()) err.println("demo: dispatcher: exited " + String.join(" ", exited));
                return done;
            }
            Thread.sleep(settings.tick().toMillis());
        }
        err.println("demo: gave up after " + timeoutSeconds + " s (workers still running: " + d.liveWorkers() + ")");
        return false;
    }

    private static void printBoard(BoardStore board, PrintWriter out) {
        out.println("board:");
        for (Task t : board.list(TaskQuery.ALL)) {
            List<Run> runs = board.runs(t.id());
            out.printf("  %s  %-7s %-8s %s%n", t.id(), t.status().sql(), t.assignee(), t.title());
            for (Run r : runs) {
                out.println("      run " + r.attempt() + ": " + (r.outcome() == null ? "open" : r.outcome().sql())
                        + (r.summary() == null ? "" : " - " + r.summary()));
            }
        }
        out.flush();
    }

    /** Says which model calls failed and were taken over by a fallback, from the simulator's log. */
    private static void failovers(List<SimAttempt> attempts, PrintWriter err) {
        attempts.stream().filter(a -> a.fault() != null && a.fault().contains("cut"))
                .forEach(a -> err.println("demo: simulator: " + a.model() + " (" + a.fault() + "): " + a.outcome()));
        long rescued = attempts.stream().filter(a -> "anthropic_messages".equals(a.wire()) && "completed".equals(a.outcome()))
                .count();
        err.println("demo: " + rescued + " call(s) finished through the fallback after the primary's stream was cut");
        err.flush();
    }
}

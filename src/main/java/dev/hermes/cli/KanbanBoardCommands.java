package dev.hermes.cli;

import dev.hermes.board.BoardLocation;
import dev.hermes.board.BoardStore;
import dev.hermes.board.Run;
import dev.hermes.board.Task;
import dev.hermes.board.TaskEvent;
import dev.hermes.board.TaskQuery;
import dev.hermes.board.TaskStatus;
import dev.hermes.board.dispatch.DispatchLoop;
import dev.hermes.board.dispatch.DispatcherStatus;
import dev.hermes.board.dispatch.DispatchSettings;
import dev.hermes.board.dispatch.Dispatcher;
import dev.hermes.board.dispatch.Reaper;
import dev.hermes.board.dispatch.TickReport;
import dev.hermes.board.dispatch.WorkerCommand;
import dev.hermes.board.dispatch.WorkerEnvironment;
import dev.hermes.board.dispatch.WorkerLauncher;
import dev.hermes.config.Environment;
import dev.hermes.util.MonotonicClock;
import dev.hermes.util.Sleeper;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The board-level subcommands of {@code hermes kanban}: init, runs, log, watch, stats, dispatch. */
final class KanbanBoardCommands {

    private KanbanBoardCommands() {
    }

    static Map<String, Object> json(Run r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", r.id());
        m.put("attempt", r.attempt());
        m.put("claimant", r.claimant());
        m.put("host", r.host());
        m.put("worker_pid", r.workerPid());
        m.put("started_at", String.valueOf(r.startedAt()));
        m.put("heartbeat_at", r.heartbeatAt() == null ? null : r.heartbeatAt().toString());
        m.put("ended_at", r.endedAt() == null ? null : r.endedAt().toString());
        m.put("outcome", r.outcome() == null ? null : r.outcome().sql());
        m.put("summary", r.summary());
        m.put("metadata", r.metadata());
        m.put("error", r.error());
        return m;
    }

    static String line(Run r) {
        return "run " + r.id() + "  attempt " + r.attempt() + "  " + (r.outcome() == null ? "open" : r.outcome().sql())
                + "  " + r.claimant() + "@" + r.host() + " pid " + r.workerPid() + "  " + r.startedAt()
                + (r.endedAt() == null ? "" : " .. " + r.endedAt())
                + (r.summary() == null ? "" : "\n    summary: " + r.summary())
                + (r.error() == null ? "" : "\n    error: " + r.error().replace("\n", "\n           "));
    }

    @Command(name = "init", description = "Create the board, or bring its schema up to date.")
    static final class Init implements Runnable {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public void run() {
            KanbanCommand.Resolved r = KanbanCommand.resolve(spec);
            try (BoardStore ignored = KanbanCommand.open(r, true)) {
                Files.createDirectories(r.boardDir());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create " + r.boardDir(), e);
            }
            spec.commandLine().getOut().println("board ready: " + BoardLocation.display(r.location())
                    + " (workspaces and logs under " + r.boardDir() + ")");
        }
    }

    @Command(name = "runs", description = "List a task's runs (attempts).")
    static final class Runs extends KanbanTaskCommands.Base {
        @Parameters(paramLabel = "ID") String task;
        @Option(names = "--json") boolean json;

        @Override
        void run(BoardStore store) {
            List<Run> runs = store.runs(id(task));
            store.get(id(task));
            if (json) KanbanCommand.printJson(out(), runs.stream().map(KanbanBoardCommands::json).toList());
            else runs.forEach(r -> out().println(line(r)));
        }
    }

    @Command(name = "log", description = "Print a task's worker log.")
    static final class Log extends KanbanTaskCommands.Base {
        @Parameters(paramLabel = "ID") String task;

        @Override
        void run(BoardStore store) {
            store.get(id(task));
            Path log = KanbanCommand.resolve(spec).dispatch().logFile(task);
            try {
                if (!Files.exists(log)) {
                    out().println("(no log yet: " + log + ")");
                    return;
                }
                out().print(Files.readString(log));
                out().flush();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + log, e);
            }
        }
    }

    @Command(name = "watch", description = "Print board events as they happen (Ctrl-C to stop).")
    static final class Watch extends KanbanTaskCommands.Base {
        @Option(names = "--interval", paramLabel = "MS", defaultValue = "500") long intervalMs;
        @Option(names = "--rounds", paramLabel = "N", description = "Stop after N polls (default: never).")
        long rounds = Long.MAX_VALUE;

        @Override
        void run(BoardStore store) {
            Map<String, Long> seen = new HashMap<>();
            for (long i = 0; i < rounds; i++) {
                List<TaskEvent> fresh = new ArrayList<>();
                for (Task t : store.list(TaskQuery.ALL)) {
                    long last = seen.getOrDefault(t.id().value(), 0L);
                    for (TaskEvent e : store.events(t.id())) {
                        if (e.id() > last) fresh.add(e);
                    }
                }
                fresh.sort(Comparator.comparingLong(TaskEvent::id));
                for (TaskEvent e : fresh) {
                    seen.merge(e.taskId().value(), e.id(), Math::max);
                    out().println(e.createdAt() + "  " + e.taskId() + "  " + e.kind() + "  " + e.payload());
                }
                out().flush();
                if (i + 1 < rounds) sleep(Duration.ofMillis(intervalMs));
            }
        }
    }

    @Command(name = "stats", description = "Count tasks by status and by assignee.")
    static final class Stats extends KanbanTaskCommands.Base {
        @Option(names = "--json") boolean json;

        @Override
        void run(BoardStore store) {
            Map<String, Integer> byStatus = new LinkedHashMap<>();
            for (TaskStatus s : TaskStatus.values()) byStatus.put(s.sql(), 0);
            Map<String, Integer> byAssignee = new TreeMap<>();
            List<Task> all = store.list(TaskQuery.ALL);
            for (Task t : all) {
                byStatus.merge(t.status().sql(), 1, Integer::sum);
                byAssignee.merge(t.assignee() == null ? "-" : t.assignee(), 1, Integer::sum);
            }
            if (json) {
                KanbanCommand.printJson(out(), Map.of("total", all.size(), "by_status", byStatus, "by_assignee", byAssignee));
                return;
            }
            out().println("tasks: " + all.size());
            byStatus.forEach((s, n) -> out().println("  " + s + ": " + n));
            out().println("by assignee:");
            byAssignee.forEach((a, n) -> out().println("  " + a + ": " + n));
        }
    }

    @Command(name = "dispatch", description = "One dispatcher tick (reclaim, kill, promote, spawn), or --watch to loop.")
    static final class Dispatch extends KanbanTaskCommands.Base {
        @Option(names = "--watch", description = "Tick every kanban.tick_seconds until stopped by a signal (Ctrl-C); "
                + "board errors are reported and retried with backoff.") boolean watch;
        @Option(names = "--max", paramLabel = "N", description = "Host-wide worker cap (default kanban.max_workers).")
        Integer max;

        /** The watch loop opens the board like a tick: a locked or unreachable board is waited for. */
        @Override
        public void run() {
            if (!watch) {
                super.run();
                return;
            }
            KanbanCommand.Resolved r = KanbanCommand.resolve(spec);
            KanbanCommand.requireBoard(r);
            BoardStore store;
            try {
                store = DispatchLoop.untilOpen(() -> KanbanCommand.open(r, false), r.dispatch().tick(),
                        spec.commandLine().getErr(), Sleeper.SYSTEM);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            try (store) {
                run(store);
            }
        }

        @Override
        void run(BoardStore store) {
            KanbanCommand.Resolved r = KanbanCommand.resolve(spec);
            DispatchSettings s = r.dispatch();
            if (max != null) {
                s = new DispatchSettings(s.board(), s.boardDir(), max, Math.min(max, s.maxPerProfile()), s.lease(),
                        s.killGrace(), s.tick());
            }
            String launcher = System.getProperty("hermes.launcher");
            if (launcher == null) {
                throw new CommandLine.ParameterException(spec.commandLine(),
                        "system property hermes.launcher is not set: run the dispatcher through bin/hermes");
            }
            WorkerEnvironment workerEnv;
            try {
                workerEnv = new WorkerEnvironment(r.config().config().strings("kanban.worker_env"));
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
            }
            Environment env = HermesCommand.of(spec).environment();
            Dispatcher d = new Dispatcher(store, s, WorkerCommand.hermes(launcher), WorkerLauncher.PROCESS,
                    env.variables(), workerEnv, KanbanProfiles.preflight(r.config().home().root(), env.userHome()),
                    new Reaper(MonotonicClock.SYSTEM, Sleeper.SYSTEM), MonotonicClock.SYSTEM);
            if (!watch) {
                out().println(tick(d).summary());
                return;
            }
            spec.commandLine().getErr().println("hermes: dispatcher: watching " + BoardLocation.display(r.location())
                    + " every " + s.tick().toMillis() / 1000.0 + " s (stop with Ctrl-C)");
            DispatchSettings settings = s;
            new DispatchLoop(() -> reportingStatus(d, settings), s.tick(), out(), spec.commandLine().getErr(),
                    Sleeper.SYSTEM).run();
        }

        /** One tick, leaving the dispatcher's state where {@code hermes dashboard} shows it. */
        private static TickReport reportingStatus(Dispatcher d, DispatchSettings s) throws Exception {
            String error = null;
            try {
                return d.tick();
            } catch (Exception e) {
                error = String.valueOf(e.getMessage());
                throw e;
            } finally {
                new DispatcherStatus(dev.hermes.board.Claimant.localHost(), ProcessHandle.current().pid(),
                        s.maxWorkers(), s.maxPerProfile(), d.liveWorkers(), java.time.Instant.now(),
                        s.tick().toSeconds(), error).writeTo(s.boardDir());
            }
        }
    }

    static TickReport tick(Dispatcher d) {
        try {
            return d.tick();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}

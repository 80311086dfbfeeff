package dev.hermes.cli;

import dev.hermes.board.BoardException;
import dev.hermes.board.BoardStore;
import dev.hermes.board.Claim;
import dev.hermes.board.Task;
import dev.hermes.board.TaskId;
import dev.hermes.board.TaskPatch;
import dev.hermes.board.WriteResult;
import dev.hermes.board.dispatch.DispatchSettings;
import dev.hermes.board.worker.WorkerContext;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The original's verbs for managing tasks and for shell workers: reclaim, reassign, edit, promote,
 * gc, heartbeat, and the review flow (request-review, request-changes, reopen-review).
 */
final class KanbanManageCommands {

    private KanbanManageCommands() {
    }

    /**
     * The claim of this process when it runs as the worker of {@code task} (a shell command of a
     * kanban worker: the dispatcher's variables are in its environment), else null.
     */
    static Claim workerClaim(CommandLine.Model.CommandSpec spec, TaskId task) {
        WorkerContext ctx;
        try {
            ctx = WorkerContext.fromEnvironment(HermesCommand.of(spec).environment().variables());
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        return ctx != null && ctx.task().equals(task) ? ctx.claim() : null;
    }

    static void requireApplied(WriteResult r, TaskId task) {
        if (r instanceof WriteResult.Rejected rejected) {
            throw new BoardException.Storage("the worker's claim on " + task + " is no longer valid: "
                    + rejected.reason() + "; stop working on this task", null);
        }
    }

    @Command(name = "reclaim", description = "Take a running task back from its worker (no failure counted); "
            + "with no ID, end every expired lease now (the dispatcher also does this each tick).")
    static final class Reclaim extends KanbanTaskCommands.Base {
        @Parameters(paramLabel = "ID", arity = "0..1") String task;
        @Option(names = "--reason") String reason;

        @Override
        void run(BoardStore store) {
            if (task != null) {
                Task t = store.get(id(task));
                store.reclaim(t.id(), KanbanCommand.who(spec), reason);
                out().println("reclaimed " + t.id() + " attempt " + t.attempt() + " from " + t.claimant()
                        + "; ready again (the old worker stops at its next lease renewal)");
                return;
            }
            List<Claim> ended = store.reclaimExpired();
            for (Claim c : ended) {
                out().println("reclaimed " + c.taskId() + " attempt " + c.attempt() + " from " + c.claimant().id()
                        + "@" + c.claimant().host() + " pid " + c.claimant().pid());
            }
            if (ended.isEmpty()) out().println("no expired leases");
        }
    }

    @Command(name = "reassign", description = "Hand a task to another profile; --reclaim also takes a running "
            + "task back from its worker.")
    static final class Reassign extends KanbanTaskCommands.Base {
        @Parameters(index = "0", paramLabel = "ID") String task;
        @Parameters(index = "1", paramLabel = "PROFILE") String profile;
        @Option(names = "--reclaim", description = "End the live claim of a running task first.") boolean reclaim;

        @Override
        void run(BoardStore store) {
            KanbanProfiles.requireProfile(spec, profile);
            Task t = store.reassign(id(task), profile, KanbanCommand.who(spec), reclaim);
            out().println("reassigned " + t.id() + " to " + profile + " (" + t.status().sql() + ")");
        }
    }

    @Command(name = "edit", description = "Change a task's fields (status changes have their own verbs).")
    static final class Edit extends KanbanTaskCommands.Base {
        @Parameters(paramLabel = "ID") String task;
        @Option(names = "--title") String title;
        @Option(names = "--body") String body;
        @Option(names = "--priority") Integer priority;
        @Option(names = "--skill", paramLabel = "NAME", description = "Replaces the skills (repeatable).")
        List<String> skills;
        @Option(names = "--model") String model;
        @Option(names = "--provider") String provider;
        @Option(names = "--max-runtime", paramLabel = "SECONDS") Long maxRuntime;
        @Option(names = "--max-retries", paramLabel = "N") Integer maxRetries;
        @Option(names = "--workspace", paramLabel = "DIR") String workspace;

        @Override
        void run(BoardStore store) {
            TaskPatch patch;
            try {
                patch = new TaskPatch(title, body, null, priority, skills, model, provider,
                        maxRuntime == null ? null : Duration.ofSeconds(maxRuntime), maxRetries, workspace);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
            }
            if (patch.equals(TaskPatch.NONE)) {
                throw new CommandLine.ParameterException(spec.commandLine(), "nothing to change: give at least one "
                        + "of --title --body --priority --skill --model --provider --max-runtime --max-retries "
                        + "--workspace");
            }
            if (skills != null) KanbanProfiles.requireSkills(spec, store.get(id(task)).assignee(), skills);
            Task t = store.update(id(task), patch, KanbanCommand.who(spec));
            out().println("edited " + t.id() + ": " + t.title());
        }
    }

    @Command(name = "promote", description = "Move a triage or todo task on (ready once its parents are done); "
            + "with no ID, promote every todo task whose parents are done.")
    static final class Promote extends KanbanTaskCommands.Base {
        @Parameters(paramLabel = "ID", arity = "0..1") String task;

        @Override
        void run(BoardStore store) {
            if (task != null) {
                Task t = store.promote(id(task), KanbanCommand.who(spec));
                out().println("promoted " + t.id() + " (" + t.status().sql() + ")");
                return;
            }
            List<TaskId> promoted = store.promote();
            out().println(promoted.isEmpty() ? "nothing to promote"
                    : "promoted " + String.join(" ", promoted.stream().map(TaskId::value).toList()));
        }
    }

    @Command(name = "gc", description = "Delete archived tasks older than --days, with their logs and workspaces.")
    static final class Gc extends KanbanTaskCommands.Base {
        @Option(names = "--days", defaultValue = "7", description = "Age of the last change (default 7).")
        double days;

        @Override
        void run(BoardStore store) {
            if (!(days >= 0)) throw new CommandLine.ParameterException(spec.commandLine(), "--days must be >= 0");
            DispatchSettings s = KanbanCommand.resolve(spec).dispatch();
            List<TaskId> gone = store.gc(Duration.ofMillis(Math.round(days * 86_400_000)));
            for (TaskId id : gone) {
                deleteTree(s.workspace(id.value()));
                deleteTree(s.logFile(id.value()));
            }
            out().println(gone.isEmpty() ? "nothing to collect" : "deleted " + gone.size() + " archived task"
                    + (gone.size() == 1 ? "" : "s") + ": " + String.join(" ", gone.stream().map(TaskId::value).toList()));
        }

        private static void deleteTree(Path root) {
            if (!Files.exists(root)) return;
            try (Stream<Path> all = Files.walk(root)) {
                for (Path p : all.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot delete " + root, e);
            }
        }
    }

    @Command(name = "heartbeat", description = "Renew the lease of the task this shell's worker holds "
            + "(for worker scripts: uses the HERMES_KANBAN_* variables the dispatcher set).")
    static final class Heartbeat extends KanbanTaskCommands.Base {
        @Parameters(paramLabel = "ID", arity = "0..1", description = "Default: $HERMES_KANBAN_TASK.") String task;
        @Option(names = "--note", description = "A progress note, kept as a comment.") String note;

        @Override
        void run(BoardStore store) {
            String given = task != null ? task : HermesCommand.of(spec).environment().get(WorkerContext.TASK);
            if (given == null) {
                throw new CommandLine.ParameterException(spec.commandLine(), "no task: give an ID, or run this from "
                        + "a kanban worker (where " + WorkerContext.TASK + " is set)");
            }
            TaskId id = id(given);
            Claim claim = workerClaim(spec, id);
            if (claim == null) {
                throw new CommandLine.ParameterException(spec.commandLine(), "only the worker holding " + id
                        + " can renew its lease (this shell has no " + WorkerContext.TASK + "=" + id + " claim)");
            }
            Duration lease = WorkerContext.fromEnvironment(HermesCommand.of(spec).environment().variables()).lease();
            requireApplied(store.heartbeat(claim, lease), id);
            if (note != null && !note.isBlank()) requireApplied(store.comment(claim, note), id);
            out().println("lease of " + id + " renewed for " + lease.toSeconds() + " s");
        }
    }

    @Command(name = "request-review", description = "Send a task for review: its worker's part is done and a "
            + "person approves it (kanban complete) or requests changes.")
    static final class RequestReview extends KanbanTaskCommands.Base {
        @Parameters(paramLabel = "ID") String task;
        @Option(names = "--summary", description = "What was done, for the reviewer.") String summary;

        @Override
        void run(BoardStore store) {
            TaskId id = id(task);
            Claim claim = workerClaim(spec, id);
            if (claim != null) {
                requireApplied(store.requestReview(claim, summary, null), id);
            } else {
                store.requestReview(id, KanbanCommand.who(spec), summary);
            }
            out().println(id + " is in review");
        }
    }

    @Command(name = "request-changes", description = "Send a task in review back to work, with what to change.")
    static final class RequestChanges extends KanbanTaskCommands.Base {
        @Parameters(index = "0", paramLabel = "ID") String task;
        @Parameters(index = "1", paramLabel = "REASON") String reason;

        @Override
        void run(BoardStore store) {
            Task t = store.requestChanges(id(task), KanbanCommand.who(spec), reason);
            out().println("changes requested on " + t.id() + "; it is " + t.status().sql() + " again");
        }
    }

    @Command(name = "reopen-review", description = "Put a done task back in review (its unstarted children wait again).")
    static final class ReopenReview extends KanbanTaskCommands.Base {
        @Parameters(index = "0", paramLabel = "ID") String task;
        @Option(names = "--reason") String reason;

        @Override
        void run(BoardStore store) {
            Task t = store.reopenReview(id(task), KanbanCommand.who(spec), reason);
            out().println(t.id() + " is in review again");
        }
    }

    /** The board's JSON view gains the fields only these verbs explain. */
    static void addJson(Map<String, Object> m, Task t) {
        m.put("protocol_violations", t.protocolViolations());
        m.put("dispatch_note", t.dispatchNote());
    }
}

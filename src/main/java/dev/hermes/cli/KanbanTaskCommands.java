package dev.hermes.cli;

import dev.hermes.board.BoardException;
import dev.hermes.board.BoardStore;
import dev.hermes.board.Comment;
import dev.hermes.board.NewTask;
import dev.hermes.board.PersonActions;
import dev.hermes.board.Run;
import dev.hermes.board.Task;
import dev.hermes.board.TaskId;
import dev.hermes.board.TaskPatch;
import dev.hermes.board.TaskQuery;
import dev.hermes.board.TaskStatus;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** The task subcommands of {@code hermes kanban}: create, list, show, assign, link, comment, finish. */
final class KanbanTaskCommands {

    private KanbanTaskCommands() {
    }

    /** Shared plumbing: the spec, an open board, the output writer. */
    abstract static class Base implements Runnable {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        PrintWriter out() {
            return spec.commandLine().getOut();
        }

        TaskId id(String value) {
            return KanbanCommand.taskId(spec, value);
        }

        @Override
        public void run() {
            try (BoardStore store = KanbanCommand.open(spec)) {
                run(store);
            }
        }

        abstract void run(BoardStore store);
    }

    @Command(name = "create", description = "Create a task: ready, or todo until its parents are done.")
    static final class Create extends Base {
        @Parameters(paramLabel = "TITLE", description = "What the task is, in a line.") String title;
        @Option(names = "--body", paramLabel = "TEXT", description = "What to do, for the worker to read.") String body;
        @Option(names = "--assignee", paramLabel = "PROFILE", description = "The profile whose worker takes it (default: the default profile).")
        String assignee;
        @Option(names = "--parent", paramLabel = "ID", description = "A task that must be done first (repeatable).")
        List<String> parents = new ArrayList<>();
        @Option(names = "--priority", paramLabel = "N", description = "Higher is dispatched first (default 0).") int priority;
        @Option(names = "--skill", paramLabel = "NAME", description = "A skill the worker preloads (repeatable), e.g. kanban-worker.")
        List<String> skills = new ArrayList<>();
        @Option(names = "--max-runtime", paramLabel = "SECONDS", description = "A worker running longer is killed.") Long maxRuntime;
        @Option(names = "--max-retries", paramLabel = "N", description = "Consecutive failures that block the task (default 2).")
        int maxRetries = NewTask.DEFAULT_MAX_RETRIES;
        @Option(names = "--model", paramLabel = "NAME", description = "Model for its worker (overrides the profile's).") String model;
        @Option(names = "--provider", paramLabel = "ID", description = "Provider for its worker (overrides the profile's).") String provider;
        @Option(names = "--workspace", paramLabel = "DIR", description = "Its worker's directory (default: <root>/boards/<board>/workspaces/<task>).")
        String workspace;
        @Option(names = "--triage", description = "Create in triage instead of todo.") boolean triage;
        @Option(names = "--json", description = "Print the created task as JSON.") boolean json;

        @Override
        void run(BoardStore store) {
            NewTask task;
            try {
                NewTask.Builder b = NewTask.builder(title).body(body).assignee(assignee).priority(priority)
                        .maxRetries(maxRetries).model(model).provider(provider).workspace(workspace)
                        .status(triage ? TaskStatus.TRIAGE : parents.isEmpty() ? TaskStatus.READY : TaskStatus.TODO);
                skills.forEach(b::skill);
                parents.forEach(p -> b.parent(id(p)));
                if (maxRuntime != null) b.maxRuntime(Duration.ofSeconds(maxRuntime));
                task = b.build();
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
            }
            KanbanProfiles.requireProfile(spec, assignee);
            KanbanProfiles.requireSkills(spec, assignee, skills);
            Task created = store.create(task);
            if (json) KanbanCommand.printJson(out(), KanbanCommand.json(created));
            else out().println("created " + created.id() + " (" + created.status().sql() + "): " + created.title());
        }
    }

    @Command(name = "list", description = "List tasks, highest priority first.")
    static final class ListCmd extends Base {
        @Option(names = "--status", split = ",", paramLabel = "STATUS") List<String> statuses = new ArrayList<>();
        @Option(names = "--assignee", paramLabel = "PROFILE") String assignee;
        @Option(names = "--json") boolean json;

        @Override
        void run(BoardStore store) {
            EnumSet<TaskStatus> set = EnumSet.noneOf(TaskStatus.class);
            for (String s : statuses) {
                try {
                    set.add(TaskStatus.fromSql(s.strip()));
                } catch (IllegalArgumentException e) {
                    throw new CommandLine.ParameterException(spec.commandLine(), "unknown status '" + s + "'; known: "
                            + String.join(", ", EnumSet.allOf(TaskStatus.class).stream().map(TaskStatus::sql).toList()));
                }
            }
            TaskQuery q = new TaskQuery(set, Optional.ofNullable(assignee));
            List<Task> tasks = store.list(q);
            if (json) {
                KanbanCommand.printJson(out(), tasks.stream().map(KanbanCommand::json).toList());
                return;
            }
            for (Task t : tasks) {
                out().printf("%s  %-8s  p%-3d  %-12s  %s%n", t.id(), t.status().sql(), t.priority(),
                        t.assignee() == null ? "-" : t.assignee(), t.title());
                if (t.dispatchNote() != null) out().println("    not started: " + t.dispatchNote());
            }
        }
    }

    @Command(name = "show", description = "Show a task with its links, comments and runs.")
    static final class Show extends Base {
        @Parameters(paramLabel = "ID") String task;
        @Option(names = "--json") boolean json;

        @Override
        void run(BoardStore store) {
            TaskId id = id(task);
            Task t = store.get(id);
            List<TaskId> parents = store.parents(id);
            List<TaskId> children = store.children(id);
            List<Comment> comments = store.comments(id);
            List<Run> runs = store.runs(id);
            if (json) {
                Map<String, Object> m = new LinkedHashMap<>(KanbanCommand.json(t));
                m.put("parents", parents.stream().map(TaskId::value).toList());
                m.put("children", children.stream().map(TaskId::value).toList());
                m.put("comments", comments.stream().map(c -> Map.of("author", c.author(), "body", c.body(),
                        "created_at", c.createdAt().toString())).toList());
                m.put("runs", runs.stream().map(KanbanBoardCommands::json).toList());
                KanbanCommand.printJson(out(), m);
                return;
            }
            PrintWriter o = out();
            o.println(t.id() + "  " + t.title());
            o.println("status: " + t.status().sql() + "  priority: " + t.priority() + "  assignee: "
                    + (t.assignee() == null ? "-" : t.assignee()) + "  attempt: " + t.attempt()
                    + "  failures: " + t.consecutiveFailures() + "/" + t.maxRetries()
                    + (t.protocolViolations() == 0 ? "" : "  unfinished runs: " + t.protocolViolations() + "/"
                    + Task.PROTOCOL_VIOLATION_LIMIT));
            if (t.dispatchNote() != null) {
                o.println("not started (a configuration problem, not a failure): " + t.dispatchNote());
            }
            if (t.claimant() != null) o.println("claimed by " + t.claimant() + " until " + t.leaseUntil());
            if (t.cooldownUntil() != null) o.println("rate-limit cooldown until " + t.cooldownUntil());
            if (!parents.isEmpty()) o.println("parents: " + String.join(" ", parents.stream().map(TaskId::value).toList()));
            if (!children.isEmpty()) o.println("children: " + String.join(" ", children.stream().map(TaskId::value).toList()));
            if (!t.body().isBlank()) o.println("\n" + t.body());
            comments.forEach(c -> o.println("\n" + c.author() + " (" + c.createdAt() + "): " + c.body()));
            if (!runs.isEmpty()) o.println();
            runs.forEach(r -> o.println(KanbanBoardCommands.line(r)));
        }
    }

    @Command(name = "assign", description = "Set the profile that works on a task.")
    static final class Assign extends Base {
        @Parameters(index = "0", paramLabel = "ID") String task;
        @Parameters(index = "1", paramLabel = "PROFILE") String profile;

        @Override
        void run(BoardStore store) {
            store.update(id(task), TaskPatch.NONE.withAssignee(profile), KanbanCommand.who(spec));
            out().println("assigned " + task + " to " + profile);
        }
    }

    @Command(name = "link", description = "Make CHILD wait for PARENT (cycles are refused).")
    static final class Link extends Base {
        @Parameters(index = "0", paramLabel = "PARENT") String parent;
        @Parameters(index = "1", paramLabel = "CHILD") String child;

        @Override
        void run(BoardStore store) {
            store.link(id(parent), id(child));
            out().println("linked " + parent + " -> " + child);
        }
    }

    @Command(name = "unlink", description = "Remove the link PARENT -> CHILD.")
    static final class Unlink extends Base {
        @Parameters(index = "0", paramLabel = "PARENT") String parent;
        @Parameters(index = "1", paramLabel = "CHILD") String child;

        @Override
        void run(BoardStore store) {
            if (!store.unlink(id(parent), id(child))) {
                throw new BoardException.Storage("no link " + parent + " -> " + child, null);
            }
            out().println("unlinked " + parent + " -> " + child);
        }
    }

    @Command(name = "comment", description = "Comment on a task.")
    static final class CommentCmd extends Base {
        @Parameters(index = "0", paramLabel = "ID") String task;
        @Parameters(index = "1", paramLabel = "TEXT") String body;

        @Override
        void run(BoardStore store) {
            store.comment(id(task), KanbanCommand.who(spec), body);
            out().println("commented on " + task);
        }
    }

    @Command(name = "complete", description = "Mark a task done by hand (approves a task in review); --force also "
            + "ends a live worker's claim (recorded).")
    static final class Complete extends Base {
        @Parameters(paramLabel = "ID") String task;
        @Option(names = "--summary") String summary;
        @Option(names = "--force", description = "End the live claim of a running task; its worker's later writes are refused.")
        boolean force;

        @Override
        void run(BoardStore store) {
            TaskId id = id(task);
            Task before = store.get(id);
            out().println(switch (PersonActions.complete(store, id, KanbanCommand.who(spec), summary, force)) {
                case APPROVED -> "approved " + id + " (done)";
                case COMPLETED -> "completed " + id;
                case ENDED_CLAIM -> "completed " + id + " (ended attempt " + before.attempt() + " of " + before.claimant() + ")";
            });
        }
    }

    @Command(name = "block", description = "Block a task with a reason.")
    static final class Block extends Base {
        @Parameters(index = "0", paramLabel = "ID") String task;
        @Parameters(index = "1", paramLabel = "REASON") String reason;

        @Override
        void run(BoardStore store) {
            store.transition(id(task), TaskStatus.BLOCKED, KanbanCommand.who(spec), reason);
            out().println("blocked " + task);
        }
    }

    @Command(name = "unblock", description = "Make a blocked task ready again (resets its failure count).")
    static final class Unblock extends Base {
        @Parameters(paramLabel = "ID") String task;
        @Option(names = "--to", defaultValue = "ready", description = "ready (default) or todo") String to;

        @Override
        void run(BoardStore store) {
            TaskStatus target = TaskStatus.fromSql(to.toLowerCase(Locale.ROOT));
            PersonActions.unblock(store, id(task), KanbanCommand.who(spec), target);
            out().println("unblocked " + task + " (" + target.sql() + ")");
        }
    }
}

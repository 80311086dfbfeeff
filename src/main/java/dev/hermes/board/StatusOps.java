package dev.hermes.board;

import static dev.hermes.board.Rows.payload;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/** Status changes made by people and orchestrators rather than by a claim's holder. */
final class StatusOps {

    /** Legal moves outside of claims. Running is entered only by claim and left only by fenced writes. */
    private static final Map<TaskStatus, Set<TaskStatus>> LEGAL = Map.of(
            TaskStatus.TRIAGE, EnumSet.of(TaskStatus.TODO, TaskStatus.READY, TaskStatus.ARCHIVED),
            TaskStatus.TODO, EnumSet.of(TaskStatus.TRIAGE, TaskStatus.READY, TaskStatus.BLOCKED, TaskStatus.ARCHIVED),
            TaskStatus.READY, EnumSet.of(TaskStatus.TRIAGE, TaskStatus.TODO, TaskStatus.BLOCKED, TaskStatus.ARCHIVED),
            TaskStatus.RUNNING, EnumSet.noneOf(TaskStatus.class),
            TaskStatus.BLOCKED, EnumSet.of(TaskStatus.TODO, TaskStatus.READY, TaskStatus.ARCHIVED),
            TaskStatus.REVIEW, EnumSet.of(TaskStatus.READY, TaskStatus.BLOCKED, TaskStatus.DONE, TaskStatus.ARCHIVED),
            TaskStatus.DONE, EnumSet.of(TaskStatus.ARCHIVED),
            TaskStatus.ARCHIVED, EnumSet.noneOf(TaskStatus.class));

    private final Db db;
    private final Dialect d;
    private final TaskOps tasks;
    private final GraphOps graph;

    StatusOps(Db db, TaskOps tasks, GraphOps graph) {
        this.db = db;
        this.d = db.dialect;
        this.tasks = tasks;
        this.graph = graph;
    }

    Task transition(TaskId id, TaskStatus to, String by, String reason) {
        return db.write(c -> {
            Task t = Rows.lockTask(c, d, id);
            if (!LEGAL.get(t.status()).contains(to)) {
                throw new BoardException.IllegalTransition(id, t.status(), "move to " + to.sql()
                        + (t.status() == TaskStatus.RUNNING ? " (a running task ends through its claim or a forced "
                        + "completion)" : to == TaskStatus.RUNNING ? " (only a claim starts running)" : "")
                        + "; allowed: " + LEGAL.get(t.status()).stream().map(TaskStatus::sql).toList());
            }
            // Unblocking is a person's decision to try again: the failure count starts over.
            String resetFailures = t.status() == TaskStatus.BLOCKED ? ", " + Failures.RESET : "";
            Jdbc.update(c, "UPDATE tasks SET status = ?, updated_at = " + d.now() + resetFailures + " WHERE id = ?",
                    to, id);
            Rows.event(c, d, id, "status_changed", payload("from", t.status().sql(), "to", to.sql(), "by", by,
                    "reason", reason));
            if (to == TaskStatus.DONE) {
                graph.promote(c);
            }
            return tasks.get(c, id);
        });
    }

    Task forceComplete(TaskId id, String by, String summary) {
        return db.write(c -> {
            Task t = Rows.lockTask(c, d, id);
            if (t.status() == TaskStatus.DONE || t.status() == TaskStatus.ARCHIVED) {
                throw new BoardException.IllegalTransition(id, t.status(), "force-complete it (already finished)");
            }
            String note = "force-completed by " + by;
            var ended = Rows.endOpenRun(c, d, id, RunOutcome.RECLAIMED, summary, null, note);
            Jdbc.update(c, "UPDATE tasks SET status = 'done', claimant = NULL, lease_until = NULL, "
                    + Failures.RESET + ", updated_at = " + d.now() + " WHERE id = ?", id);
            Rows.event(c, d, id, "force_completed", payload("by", by, "summary", summary, "from", t.status().sql(),
                    "ended_attempt", ended.map(Run::attempt).orElse(null),
                    "ended_claimant", ended.map(Run::claimant).orElse(null)));
            graph.promote(c);
            return tasks.get(c, id);
        });
    }
}

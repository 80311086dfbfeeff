package dev.hermes.board;

import static dev.hermes.board.Rows.payload;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * A person's (or the dispatcher's) management of tasks outside of claims: take a task back from
 * its worker, hand it to another profile, move one task on, clear out old archived tasks, and
 * the dispatcher's note on why it is not starting a worker.
 */
final class ManageOps {

    private final Db db;
    private final Dialect d;
    private final TaskOps tasks;

    ManageOps(Db db, TaskOps tasks) {
        this.db = db;
        this.d = db.dialect;
        this.tasks = tasks;
    }

    Task reclaim(TaskId id, String by, String reason) {
        return db.write(c -> {
            reclaim(c, Rows.lockTask(c, d, id), by, reason);
            return tasks.get(c, id);
        });
    }

    /**
     * Ends the live claim of a running task: its run closes as {@code reclaimed}, the task is ready
     * again, and no failure is counted (a person's decision, not the worker's fault). The task is
     * held until the old lease's end: the displaced worker finds its claim gone at its next renewal
     * (well before then) and stops, so two live workers on one task stay impossible.
     */
    private void reclaim(Connection c, Task t, String by, String reason) throws SQLException {
        if (t.status() != TaskStatus.RUNNING) {
            throw new BoardException.IllegalTransition(t.id(), t.status(), "reclaim it (only a running task has a "
                    + "claim to take back)");
        }
        String note = "reclaimed by " + by + (reason == null || reason.isBlank() ? "" : ": " + reason);
        Rows.endOpenRun(c, d, t.id(), RunOutcome.RECLAIMED, null, null, note);
        Jdbc.update(c, "UPDATE tasks SET status = 'ready', claimant = NULL, worker_hold_until = lease_until, "
                + "lease_until = NULL, updated_at = " + d.now() + " WHERE id = ?", t.id());
        Rows.event(c, d, t.id(), "reclaimed", payload("attempt", t.attempt(), "claimant", t.claimant(),
                "by", by, "reason", reason, "hold_until", t.leaseUntil()));
    }

    /**
     * Hands a task to another profile. A running task keeps its worker unless {@code reclaim}:
     * then its claim is ended first (see {@link #reclaim}), in the same transaction.
     */
    Task reassign(TaskId id, String assignee, String by, boolean reclaim) {
        Objects.requireNonNull(assignee, "assignee");
        return db.write(c -> {
            Task t = Rows.lockTask(c, d, id);
            if (t.status() == TaskStatus.RUNNING) {
                if (!reclaim) {
                    throw new BoardException.IllegalTransition(id, t.status(), "reassign it while worker "
                            + t.claimant() + " (" + t.assignee() + ") holds it; reclaim it too (--reclaim)");
                }
                reclaim(c, t, by, "reassigned to " + assignee);
            } else if (t.status() == TaskStatus.DONE || t.status() == TaskStatus.ARCHIVED) {
                throw new BoardException.IllegalTransition(id, t.status(), "reassign it (already finished)");
            }
            // the dispatcher's note was about the old profile
            Jdbc.update(c, "UPDATE tasks SET assignee = ?, dispatch_note = NULL, updated_at = " + d.now()
                    + " WHERE id = ?", assignee, id);
            Rows.event(c, d, id, "reassigned", payload("from", t.assignee(), "to", assignee, "by", by));
            return tasks.get(c, id);
        });
    }

    /**
     * Moves one task on: out of triage (to todo), and from todo to ready once every parent is done.
     * Refuses, naming them, while parents are not done.
     */
    Task promote(TaskId id, String by) {
        return db.write(c -> {
            Task t = Rows.lockTask(c, d, id);
            if (t.status() != TaskStatus.TRIAGE && t.status() != TaskStatus.TODO) {
                throw new BoardException.IllegalTransition(id, t.status(), "promote it (only triage and todo "
                        + "tasks are promoted)");
            }
            List<String> waiting = Jdbc.list(c, "SELECT p.id, p.status FROM task_links l JOIN tasks p ON "
                    + "p.id = l.parent_id WHERE l.child_id = ? AND p.status <> 'done' ORDER BY p.id",
                    rs -> rs.getString("id") + " (" + rs.getString("status") + ")", id);
            TaskStatus to = waiting.isEmpty() ? TaskStatus.READY : TaskStatus.TODO;
            if (t.status() == TaskStatus.TODO && to == TaskStatus.TODO) {
                throw new BoardException.IllegalTransition(id, t.status(), "promote it: it waits for "
                        + String.join(", ", waiting));
            }
            Jdbc.update(c, "UPDATE tasks SET status = ?, updated_at = " + d.now() + " WHERE id = ?", to, id);
            Rows.event(c, d, id, "promoted", payload("from", t.status().sql(), "to", to.sql(), "by", by));
            return tasks.get(c, id);
        });
    }

    /** Deletes archived tasks not touched for {@code olderThan} (with their runs, events, comments, links). */
    List<TaskId> gc(Duration olderThan) {
        if (olderThan.isNegative()) throw new IllegalArgumentException("gc age must not be negative: " + olderThan);
        return db.write(c -> Jdbc.list(c, "DELETE FROM tasks WHERE status = 'archived' AND updated_at <= "
                + d.nowPlusMillis() + " RETURNING id", rs -> TaskId.of(rs.getString("id")), -olderThan.toMillis()));
    }

    /**
     * Records why the dispatcher is not starting a worker for a ready task (null clears it). True
     * when the note changed; an event {@code dispatch_deferred} is written only then, so a problem
     * the dispatcher meets every tick is recorded once.
     */
    boolean noteDispatch(TaskId id, String note) {
        return db.write(c -> {
            Task t = Rows.lockTask(c, d, id);
            if (Objects.equals(t.dispatchNote(), note)) return false;
            Jdbc.update(c, "UPDATE tasks SET dispatch_note = ? WHERE id = ?", note, id);
            Rows.event(c, d, id, note == null ? "dispatch_cleared" : "dispatch_deferred", payload("note", note));
            return true;
        });
    }
}

package dev.hermes.board;

import static dev.hermes.board.Rows.payload;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.EnumSet;
import java.util.Set;

/**
 * The review flow outside of claims. A task enters {@code review} when its worker asks for it
 * (the fenced {@code requestReview}) or a person sends it there; it leaves by approval (done, and
 * its children may start) or by a change request (ready again, the reason left as a comment for
 * the next worker). A done task can be reopened for review; its children that have not started
 * wait again.
 */
final class ReviewOps {

    /** Where a person may send a task for review from; a running task goes through its claim. */
    private static final Set<TaskStatus> REVIEWABLE = EnumSet.of(TaskStatus.TRIAGE, TaskStatus.TODO, TaskStatus.READY,
            TaskStatus.BLOCKED);

    private final Db db;
    private final Dialect d;
    private final TaskOps tasks;
    private final GraphOps graph;

    ReviewOps(Db db, TaskOps tasks, GraphOps graph) {
        this.db = db;
        this.d = db.dialect;
        this.tasks = tasks;
        this.graph = graph;
    }

    Task requestReview(TaskId id, String by, String note) {
        return db.write(c -> {
            Task t = Rows.lockTask(c, d, id);
            if (!REVIEWABLE.contains(t.status())) {
                throw new BoardException.IllegalTransition(id, t.status(), "send it for review"
                        + (t.status() == TaskStatus.RUNNING ? " (its worker asks for review through its claim: "
                        + "kanban_request_review, or `hermes kanban request-review` in the worker's shell)" : ""));
            }
            move(c, id, TaskStatus.REVIEW, "");
            Rows.event(c, d, id, "review_requested", payload("by", by, "from", t.status().sql(), "summary", note));
            return tasks.get(c, id);
        });
    }

    Task approve(TaskId id, String by, String note) {
        return db.write(c -> {
            requireReview(c, id, "approve it");
            move(c, id, TaskStatus.DONE, ", " + Failures.RESET);
            Rows.event(c, d, id, "approved", payload("by", by, "note", note));
            if (note != null && !note.isBlank()) tasks.insertComment(c, id, by, "approved: " + note);
            graph.promote(c);
            return tasks.get(c, id);
        });
    }

    Task requestChanges(TaskId id, String by, String reason) {
        return db.write(c -> {
            requireReview(c, id, "request changes");
            move(c, id, TaskStatus.READY, "");
            Rows.event(c, d, id, "changes_requested", payload("by", by, "reason", reason));
            tasks.insertComment(c, id, by, "changes requested: " + reason);
            return tasks.get(c, id);
        });
    }

    Task reopenReview(TaskId id, String by, String reason) {
        return db.write(c -> {
            Task t = Rows.lockTask(c, d, id);
            if (t.status() != TaskStatus.DONE) {
                throw new BoardException.IllegalTransition(id, t.status(), "reopen its review (only a done task "
                        + "can be reopened)");
            }
            move(c, id, TaskStatus.REVIEW, "");
            Rows.event(c, d, id, "review_reopened", payload("by", by, "reason", reason));
            // children that have not started wait for this task again
            for (TaskId child : Jdbc.list(c, "UPDATE tasks SET status = 'todo', updated_at = " + d.now()
                    + " WHERE status = 'ready' AND id IN (SELECT child_id FROM task_links WHERE parent_id = ?) "
                    + "RETURNING id", rs -> TaskId.of(rs.getString("id")), id)) {
                Rows.event(c, d, child, "status_changed", payload("from", "ready", "to", "todo",
                        "reason", "parent " + id + " was reopened for review"));
            }
            return tasks.get(c, id);
        });
    }

    private void requireReview(Connection c, TaskId id, String what) throws SQLException {
        Task t = Rows.lockTask(c, d, id);
        if (t.status() != TaskStatus.REVIEW) {
            throw new BoardException.IllegalTransition(id, t.status(), what + " (it is not in review)");
        }
    }

    private void move(Connection c, TaskId id, TaskStatus to, String extraSet) throws SQLException {
        Jdbc.update(c, "UPDATE tasks SET status = ?, updated_at = " + d.now() + extraSet + " WHERE id = ?", to, id);
    }
}

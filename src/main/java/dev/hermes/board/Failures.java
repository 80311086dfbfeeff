package dev.hermes.board;

import static dev.hermes.board.Rows.payload;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Failure accounting, one place for every path that ends a run badly (fail, reclaim): a counting
 * failure requeues the task, or blocks it with event {@code gave_up} once the consecutive count
 * reaches the task's limit. Success resets the count elsewhere (complete, force-complete, unblock).
 */
final class Failures {

    private Failures() {
    }

    /** Releases the task's claim after a counting failure; returns the task as it now is. */
    static Task count(Connection c, Dialect d, TaskId id, RunOutcome outcome, String detail) throws SQLException {
        Task after = Jdbc.one(c, "UPDATE tasks SET consecutive_failures = consecutive_failures + 1, claimant = NULL, "
                + "lease_until = NULL, updated_at = " + d.now() + ", status = CASE WHEN consecutive_failures + 1 "
                + ">= max_retries THEN 'blocked' ELSE 'ready' END WHERE id = ? RETURNING " + Rows.TASK_COLUMNS,
                rs -> Rows.task(d, rs), id).orElseThrow(() -> new BoardException.UnknownTask(id));
        if (after.status() == TaskStatus.BLOCKED) {
            Rows.event(c, d, id, "gave_up", payload("reason", after.consecutiveFailures() + " consecutive failures "
                    + "(limit " + after.maxRetries() + "); last: " + outcome.sql() + (detail == null ? "" : ": " + detail),
                    "failures", after.consecutiveFailures(), "limit", after.maxRetries(), "outcome", outcome.sql()));
        } else {
            Rows.event(c, d, id, "requeued", payload("outcome", outcome.sql(), "detail", detail,
                    "failures", after.consecutiveFailures(), "limit", after.maxRetries()));
        }
        return after;
    }

    /** Requeues after a rate limit, with a cooldown; the failure count is untouched. */
    static void rateLimited(Connection c, Dialect d, TaskId id, long cooldownMillis, String detail)
            throws SQLException {
        Jdbc.update(c, "UPDATE tasks SET status = 'ready', claimant = NULL, lease_until = NULL, cooldown_until = "
                + d.nowPlusMillis() + ", updated_at = " + d.now() + " WHERE id = ?", cooldownMillis, id);
        Rows.event(c, d, id, "rate_limited", payload("detail", detail, "cooldown_ms", cooldownMillis));
    }
}

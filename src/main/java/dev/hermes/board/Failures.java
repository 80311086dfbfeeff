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

    static final int PROTOCOL_VIOLATION_LIMIT = Task.PROTOCOL_VIOLATION_LIMIT;

    /** The SET fragment of every success (complete, review requested, approval): both counts start over. */
    static final String RESET = "consecutive_failures = 0, protocol_violations = 0, cooldown_until = NULL";

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

    /**
     * Releases the task's claim after a protocol violation (the worker ended without completing,
     * blocking or asking for review). Counted apart from crashes: requeued, or blocked with event
     * {@code gave_up} at {@link #PROTOCOL_VIOLATION_LIMIT} in a row.
     */
    static Task protocolViolation(Connection c, Dialect d, TaskId id, String detail) throws SQLException {
        Task after = Jdbc.one(c, "UPDATE tasks SET protocol_violations = protocol_violations + 1, claimant = NULL, "
                + "lease_until = NULL, updated_at = " + d.now() + ", status = CASE WHEN protocol_violations + 1 "
                + ">= ? THEN 'blocked' ELSE 'ready' END WHERE id = ? RETURNING " + Rows.TASK_COLUMNS,
                rs -> Rows.task(d, rs), PROTOCOL_VIOLATION_LIMIT, id).orElseThrow(() -> new BoardException.UnknownTask(id));
        if (after.status() == TaskStatus.BLOCKED) {
            Rows.event(c, d, id, "gave_up", payload("reason", after.protocolViolations() + " runs in a row ended "
                    + "without finishing the task (limit " + PROTOCOL_VIOLATION_LIMIT + "); last: "
                    + (detail == null ? "protocol_violation" : detail), "protocol_violations",
                    after.protocolViolations(), "limit", PROTOCOL_VIOLATION_LIMIT, "outcome",
                    RunOutcome.PROTOCOL_VIOLATION.sql()));
        } else {
            Rows.event(c, d, id, "requeued", payload("outcome", RunOutcome.PROTOCOL_VIOLATION.sql(), "detail", detail,
                    "protocol_violations", after.protocolViolations(), "limit", PROTOCOL_VIOLATION_LIMIT));
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

package dev.hermes.board;

import static dev.hermes.board.Rows.payload;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Writes made on the strength of a claim. Each first touches the task row with the fence
 * {@code (id, claimant, attempt, status running)} in its WHERE clause; only when that updates
 * exactly one row does the rest of the write happen, in the same transaction. Otherwise the
 * write is recorded as {@code fenced_write_rejected} and reported, never applied.
 *
 * <p>An expired lease is takeable, not dead: until another claim or a reclaim actually ends it,
 * the holder's write still lands, ordered atomically against the takeover by the row lock.
 */
final class FencedOps {

    @FunctionalInterface
    private interface Apply {
        void run(Connection c) throws SQLException;
    }

    private final Db db;
    private final Dialect d;
    private final TaskOps tasks;
    private final GraphOps graph;
    private final Duration rateLimitCooldown;

    FencedOps(Db db, TaskOps tasks, GraphOps graph, Duration rateLimitCooldown) {
        this.db = db;
        this.d = db.dialect;
        this.tasks = tasks;
        this.graph = graph;
        this.rateLimitCooldown = rateLimitCooldown;
    }

    WriteResult attachWorker(Claim claim, long pid) {
        return fenced(claim, "attach_worker", "", c -> {
            Jdbc.update(c, "UPDATE task_runs SET worker_pid = ? WHERE task_id = ? AND attempt = ?",
                    pid, claim.taskId(), claim.attempt());
            // a worker is running, so whatever stood in the way of one (see noteDispatch) no longer does
            Jdbc.update(c, "UPDATE tasks SET dispatch_note = NULL WHERE id = ?", claim.taskId());
            Rows.event(c, d, claim.taskId(), "worker_attached", payload("attempt", claim.attempt(), "pid", pid));
        });
    }

    WriteResult heartbeat(Claim claim, Duration extendBy) {
        long millis = ClaimOps.positiveMillis(extendBy, "lease extension");
        return fenced(claim, "heartbeat", ", lease_until = " + d.nowPlusMillis(), c -> {
            Jdbc.update(c, "UPDATE task_runs SET heartbeat_at = " + d.now() + " WHERE task_id = ? AND attempt = ?",
                    claim.taskId(), claim.attempt());
            Rows.event(c, d, claim.taskId(), "heartbeat", payload("attempt", claim.attempt(), "extend_ms", millis));
        }, millis);
    }

    WriteResult comment(Claim claim, String body) {
        return fenced(claim, "comment", "", c -> tasks.insertComment(c, claim.taskId(), claim.claimant().id(), body));
    }

    WriteResult complete(Claim claim, String summary, Map<String, ?> metadata) {
        return fenced(claim, "complete", succeeded(TaskStatus.DONE), c -> {
            Rows.endOpenRun(c, d, claim.taskId(), RunOutcome.COMPLETED, summary, json(metadata), null);
            Rows.event(c, d, claim.taskId(), "completed", payload("attempt", claim.attempt(), "summary", summary));
            graph.promote(c);
        });
    }

    /**
     * Ends the run as {@code review_requested} and puts the task in {@code review}: the worker's
     * part is done and a person (or a reviewer) approves it or requests changes. Children wait,
     * since the task is not done yet.
     */
    WriteResult requestReview(Claim claim, String summary, Map<String, ?> metadata) {
        return fenced(claim, "request_review", succeeded(TaskStatus.REVIEW), c -> {
            Rows.endOpenRun(c, d, claim.taskId(), RunOutcome.REVIEW_REQUESTED, summary, json(metadata), null);
            Rows.event(c, d, claim.taskId(), "review_requested", payload("attempt", claim.attempt(),
                    "summary", summary, "by", claim.claimant().id()));
        });
    }

    /**
     * The worker's part ended well: set by the fence's own update (one statement fewer in these
     * hot writes), the claim released and both failure counts reset; the caller closes the run.
     */
    private static String succeeded(TaskStatus to) {
        return ", status = '" + to.sql() + "', claimant = NULL, lease_until = NULL, " + Failures.RESET;
    }

    private static String json(Map<String, ?> metadata) {
        return metadata == null ? null : Rows.json(metadata);
    }

    WriteResult block(Claim claim, String reason) {
        return fenced(claim, "block", "", c -> {
            Jdbc.update(c, "UPDATE tasks SET status = 'blocked', claimant = NULL, lease_until = NULL WHERE id = ?",
                    claim.taskId());
            Rows.endOpenRun(c, d, claim.taskId(), RunOutcome.BLOCKED, reason, null, null);
            Rows.event(c, d, claim.taskId(), "blocked", payload("attempt", claim.attempt(), "reason", reason));
        });
    }

    WriteResult fail(Claim claim, RunOutcome outcome, String error) {
        if (!outcome.acceptedByFail()) {
            throw new IllegalArgumentException("fail() takes a failure outcome (crashed, timed_out, spawn_failed, "
                    + "protocol_violation, stale, rate_limited), not " + outcome.sql());
        }
        return fenced(claim, "fail", "", c -> {
            Rows.endOpenRun(c, d, claim.taskId(), outcome, null, null, error);
            Rows.event(c, d, claim.taskId(), "failed", payload("attempt", claim.attempt(), "outcome", outcome.sql(),
                    "error", error));
            if (outcome.countsAsFailure()) {
                Failures.count(c, d, claim.taskId(), outcome, error);
            } else if (outcome == RunOutcome.PROTOCOL_VIOLATION) { // its own budget
                Failures.protocolViolation(c, d, claim.taskId(), error);
            } else { // a rate limit: requeued after a cooldown, not held against the task
                Failures.rateLimited(c, d, claim.taskId(), rateLimitCooldown.toMillis(), error);
            }
        });
    }

    private WriteResult fenced(Claim claim, String op, String extraSet, Apply apply, Object... extraArgs) {
        return db.write(c -> {
            Object[] args = new Object[extraArgs.length + 3];
            System.arraycopy(extraArgs, 0, args, 0, extraArgs.length);
            args[extraArgs.length] = claim.taskId();
            args[extraArgs.length + 1] = claim.claimant().id();
            args[extraArgs.length + 2] = claim.attempt();
            int touched = Jdbc.update(c, "UPDATE tasks SET updated_at = " + d.now() + extraSet
                    + " WHERE id = ? AND claimant = ? AND attempt = ? AND status = 'running'", args);
            if (touched == 1) {
                apply.run(c);
                return WriteResult.APPLIED;
            }
            String reason = rejection(Rows.lockTask(c, d, claim.taskId()), claim);
            Rows.event(c, d, claim.taskId(), "fenced_write_rejected", payload("op", op, "attempt", claim.attempt(),
                    "claimant", claim.claimant().id(), "reason", reason));
            return new WriteResult.Rejected(reason);
        });
    }

    private static String rejection(Task now, Claim claim) {
        String mine = "claim attempt " + claim.attempt() + " by " + claim.claimant().id();
        if (now.attempt() != claim.attempt()) {
            return mine + " was superseded: task " + now.id() + " is " + now.status().sql() + " at attempt "
                    + now.attempt() + Optional.ofNullable(now.claimant()).map(w -> " held by " + w).orElse("");
        }
        if (now.status() != TaskStatus.RUNNING) {
            return mine + " has ended: task " + now.id() + " is " + now.status().sql();
        }
        return mine + " does not match: task " + now.id() + " attempt " + now.attempt() + " is held by "
                + now.claimant();
    }
}

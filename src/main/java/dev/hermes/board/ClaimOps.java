package dev.hermes.board;

import static dev.hermes.board.Rows.payload;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Taking claims and reclaiming expired ones. */
final class ClaimOps {

    private final Db db;
    private final Dialect d;

    ClaimOps(Db db) {
        this.db = db;
        this.d = db.dialect;
    }

    Optional<Claim> claim(Claimant who, Duration lease, ClaimFilter filter) {
        long leaseMillis = positiveMillis(lease, "lease");
        List<Object> args = new ArrayList<>(List.of(who.id(), leaseMillis));
        // Candidates: ready, or running with an expired lease whose takeover would not reach the
        // failure limit (those are blocked by reclaimExpired instead), never in a cooldown.
        StringBuilder pick = new StringBuilder("SELECT id FROM tasks WHERE (status = 'ready' OR (status = 'running' "
                + "AND lease_until < " + d.now() + " AND consecutive_failures + 1 < max_retries)) "
                + "AND (cooldown_until IS NULL OR cooldown_until <= " + d.now() + ")");
        filter.assignee().ifPresent(a -> {
            pick.append(" AND assignee = ?");
            args.add(a);
        });
        filter.taskId().ifPresent(id -> {
            pick.append(" AND id = ?");
            args.add(id);
        });
        pick.append(" ORDER BY priority DESC, created_at, id LIMIT 1").append(d.forUpdate(filter.taskId().isEmpty()));
        String sql = "UPDATE tasks SET status = 'running', claimant = ?, attempt = attempt + 1, lease_until = "
                + d.nowPlusMillis() + ", cooldown_until = NULL, updated_at = " + d.now()
                + ", consecutive_failures = CASE WHEN status = 'running' THEN consecutive_failures + 1"
                + " ELSE consecutive_failures END WHERE id = (" + pick + ") RETURNING " + Rows.TASK_COLUMNS;
        return db.write(c -> {
            Optional<Task> taken = Jdbc.one(c, sql, rs -> Rows.task(d, rs), args.toArray());
            if (taken.isEmpty()) {
                if (filter.taskId().isPresent()) {
                    throw notClaimable(Rows.lockTask(c, d, filter.taskId().get()));
                }
                return Optional.empty();
            }
            Task task = taken.get();
            Optional<Run> displaced = Rows.endOpenRun(c, d, task.id(), RunOutcome.RECLAIMED, null, null,
                    "lease expired; taken over by attempt " + task.attempt());
            if (displaced.isPresent()) {
                Run old = displaced.get();
                Rows.event(c, d, task.id(), "reclaimed", payload("attempt", old.attempt(), "claimant", old.claimant(),
                        "host", old.host(), "pid", old.workerPid(), "by", "claim", "failures",
                        task.consecutiveFailures()));
            }
            long runId = Jdbc.one(c, "INSERT INTO task_runs (task_id, attempt, claimant, host, worker_pid, started_at, "
                    + "heartbeat_at) VALUES (?, ?, ?, ?, ?, " + d.now() + ", " + d.now() + ") RETURNING id",
                    rs -> rs.getLong("id"), task.id(), task.attempt(), who.id(), who.host(), who.pid()).orElseThrow();
            Rows.event(c, d, task.id(), "claimed", payload("attempt", task.attempt(), "claimant", who.id(),
                    "host", who.host(), "pid", who.pid(), "lease_until", task.leaseUntil(), "run", runId));
            return Optional.of(new Claim(task.id(), task.attempt(), who, task.leaseUntil(), runId));
        });
    }

    List<Claim> reclaimExpired() {
        return db.write(c -> {
            List<TaskId> expired = Jdbc.list(c, "SELECT id FROM tasks WHERE status = 'running' AND lease_until < "
                    + d.now() + " ORDER BY lease_until" + d.forUpdate(true), rs -> TaskId.of(rs.getString("id")));
            List<Claim> reclaimed = new ArrayList<>();
            for (TaskId id : expired) {
                Task before = Rows.lockTask(c, d, id);
                Optional<Run> run = Rows.endOpenRun(c, d, id, RunOutcome.RECLAIMED, null, null,
                        "lease expired at " + before.leaseUntil());
                Rows.event(c, d, id, "reclaimed", payload("attempt", before.attempt(), "claimant", before.claimant(),
                        "lease_until", before.leaseUntil(), "by", "reclaim"));
                Failures.count(c, d, id, RunOutcome.RECLAIMED, "lease expired at " + before.leaseUntil());
                Claimant holder = run.map(r -> new Claimant(r.claimant(), r.host(), r.workerPid()))
                        .orElseGet(() -> new Claimant(before.claimant(), "unknown-host", 0));
                reclaimed.add(new Claim(id, before.attempt(), holder, before.leaseUntil(), run.map(Run::id).orElse(0L)));
            }
            return reclaimed;
        });
    }

    private static BoardException notClaimable(Task t) {
        String why = switch (t.status()) {
            case READY -> "claim it during its rate-limit cooldown (until " + t.cooldownUntil() + ")";
            case RUNNING -> t.consecutiveFailures() + 1 >= t.maxRetries()
                    ? "claim it: its expired lease is at the failure limit and awaits reclaim"
                    : "claim it: held by " + t.claimant() + " (attempt " + t.attempt() + ") until " + t.leaseUntil();
            case TRIAGE, TODO, BLOCKED, REVIEW, DONE, ARCHIVED -> "claim it (only ready tasks, or running tasks "
                    + "with an expired lease, can be claimed)";
        };
        return new BoardException.IllegalTransition(t.id(), t.status(), why);
    }

    static long positiveMillis(Duration duration, String what) {
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException(what + " must be positive: " + duration);
        }
        return duration.toMillis();
    }
}

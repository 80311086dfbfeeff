package dev.hermes.board;

import static dev.hermes.board.Rows.payload;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
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
        List<Object> args = new ArrayList<>();
        String sql = take(d, who, positiveMillis(lease, "lease"), filter, args);
        return db.write(c -> {
            Optional<Taken> taken = Jdbc.one(c, sql, rs -> Taken.of(d, rs), args.toArray());
            if (taken.isEmpty()) {
                if (filter.taskId().isPresent()) {
                    throw notClaimable(Rows.lockTask(c, d, filter.taskId().get()));
                }
                return Optional.empty();
            }
            Taken task = taken.get();
            Optional<Run> displaced = Rows.endOpenRun(c, d, task.id(), RunOutcome.RECLAIMED, null, null,
                    "lease expired; taken over by attempt " + task.attempt());
            if (displaced.isPresent()) {
                Run old = displaced.get();
                Rows.event(c, d, task.id(), "reclaimed", payload("attempt", old.attempt(), "claimant", old.claimant(),
                        "host", old.host(), "pid", old.workerPid(), "by", "claim", "failures",
                        task.failures()));
            }
            long runId = Jdbc.one(c, "INSERT INTO task_runs (task_id, attempt, claimant, host, worker_pid, started_at, "
                    + "heartbeat_at) VALUES (?, ?, ?, ?, ?, " + d.now() + ", " + d.now() + ") RETURNING id",
                    rs -> rs.getLong("id"), task.id(), task.attempt(), who.id(), who.host(), who.pid()).orElseThrow();
            Rows.event(c, d, task.id(), "claimed", payload("attempt", task.attempt(), "claimant", who.id(),
                    "host", who.host(), "pid", who.pid(), "lease_until", task.leaseUntil(), "run", runId));
            return Optional.of(new Claim(task.id(), task.attempt(), who, task.leaseUntil(), runId));
        });
    }

    /** What a claim needs of the task it took: narrower than a {@link Task}, which costs a wide row and JSON. */
    record Taken(TaskId id, long attempt, Instant leaseUntil, int failures) {
        static final String COLUMNS = "id, attempt, lease_until, consecutive_failures";

        static Taken of(Dialect d, ResultSet rs) throws SQLException {
            return new Taken(TaskId.of(rs.getString("id")), rs.getLong("attempt"), d.instant(rs, "lease_until"),
                    rs.getInt("consecutive_failures"));
        }
    }

    /**
     * The statement that takes the best claimable task for {@code who} ({@code UPDATE tasks ...
     * RETURNING} the {@link Taken} columns); appends its arguments to {@code args}.
     */
    static String take(Dialect d, Claimant who, long leaseMillis, ClaimFilter filter, List<Object> args) {
        args.addAll(List.of(who.id(), leaseMillis));
        // Candidates: ready, or running with a lease expired twice over (a holder that could not
        // renew for that long has ended itself, see docs/kanban.md "worker hold") whose takeover
        // would not reach the failure limit (those are blocked by reclaimExpired instead); never
        // in a cooldown, never while a reclaimed worker may still be alive (worker hold).
        // Each kind is picked by a query of its own and the better of the two wins: one WHERE with
        // "ready OR expired running" cannot walk the tasks_claimable index in priority order, so it
        // sorted every ready task on every claim.
        String ready = candidate(d, "status = 'ready'", filter, args);
        String expired = candidate(d, "status = 'running' AND lease_until + (lease_until - " + LEASE_START + ") < "
                + d.now() + " AND consecutive_failures + 1 < max_retries", filter, args);
        String pick = "SELECT id FROM (SELECT * FROM (" + ready + ") r UNION ALL SELECT * FROM (" + expired
                + ") e) c ORDER BY priority DESC, created_at, id LIMIT 1";
        return "UPDATE tasks SET status = 'running', claimant = ?, attempt = attempt + 1, lease_until = "
                + d.nowPlusMillis() + ", cooldown_until = NULL, worker_hold_until = NULL, updated_at = " + d.now()
                + ", consecutive_failures = CASE WHEN status = 'running' THEN consecutive_failures + 1"
                + " ELSE consecutive_failures END WHERE id = (" + pick + ") RETURNING " + Taken.COLUMNS;
    }

    /**
     * The claims {@link #reclaimExpired()} would end now, by a read: in WAL mode it needs no lock,
     * so it works while a frozen process holds SQLite's write lock.
     */
    List<Claim> expiredClaims() {
        return db.read(c -> Jdbc.list(c, "SELECT r.id, r.task_id, r.attempt, r.claimant, r.host, r.worker_pid, "
                + "t.lease_until FROM tasks t JOIN task_runs r ON r.task_id = t.id AND r.attempt = t.attempt "
                + "AND r.ended_at IS NULL WHERE t.status = 'running' AND t.lease_until < " + d.now()
                + " ORDER BY t.lease_until", rs -> {
                    Long pid = Jdbc.longOrNull(rs, "worker_pid");
                    return new Claim(TaskId.of(rs.getString("task_id")), rs.getLong("attempt"),
                            new Claimant(rs.getString("claimant"), rs.getString("host"), pid == null ? 0 : pid),
                            d.instant(rs, "lease_until"), rs.getLong("id"));
                }));
    }

    /** The best claimable task of one kind ({@code which}), locked on PostgreSQL; appends its arguments. */
    private static String candidate(Dialect d, String which, ClaimFilter filter, List<Object> args) {
        StringBuilder q = new StringBuilder("SELECT id, priority, created_at FROM tasks WHERE ").append(which)
                .append(" AND (cooldown_until IS NULL OR cooldown_until <= ").append(d.now()).append(")")
                .append(" AND (worker_hold_until IS NULL OR worker_hold_until <= ").append(d.now()).append(")");
        filter.assignee().ifPresent(a -> {
            q.append(" AND assignee = ?");
            args.add(a);
        });
        filter.taskId().ifPresent(id -> {
            q.append(" AND id = ?");
            args.add(id);
        });
        return q.append(" ORDER BY priority DESC, created_at, id LIMIT 1").append(d.forUpdate(filter.taskId().isEmpty()))
                .toString();
    }

    List<Claim> reclaimExpired() {
        return db.write(c -> {
            List<TaskId> expired = Jdbc.list(c, "SELECT id FROM tasks WHERE status = 'running' AND lease_until < "
                    + d.now() + " ORDER BY lease_until" + d.forUpdate(true), rs -> TaskId.of(rs.getString("id")));
            List<Claim> reclaimed = new ArrayList<>();
            for (TaskId id : expired) {
                Task before = Rows.lockTask(c, d, id);
                // hold the task for one more lease length: the displaced worker may still be alive
                Jdbc.update(c, "UPDATE tasks SET worker_hold_until = " + d.now() + " + (lease_until - "
                        + LEASE_START + ") WHERE id = ?", id);
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

    /**
     * Clears the worker hold of the task's reclaimed attempt once the reaper has seen that worker
     * process dead. False when there was no hold for that attempt (already released or claimed).
     */
    boolean releaseWorker(TaskId id, long attempt, String by) {
        return db.write(c -> {
            Rows.requireTask(c, id);
            int n = Jdbc.update(c, "UPDATE tasks SET worker_hold_until = NULL, updated_at = " + d.now()
                    + " WHERE id = ? AND attempt = ? AND worker_hold_until IS NOT NULL", id, attempt);
            if (n == 1) {
                Rows.event(c, d, id, "worker_released", payload("attempt", attempt, "by", by));
            }
            return n == 1;
        });
    }

    /**
     * Extends the worker hold of the task's ended attempt to now + {@code hold}: the reaper could
     * not kill that worker, so the task must not be handed out yet. False when the attempt is no
     * longer the task's latest or the task is running again.
     */
    boolean holdWorker(TaskId id, long attempt, Duration hold, String reason) {
        long millis = positiveMillis(hold, "hold");
        return db.write(c -> {
            Rows.requireTask(c, id);
            int n = Jdbc.update(c, "UPDATE tasks SET worker_hold_until = " + d.nowPlusMillis() + ", updated_at = "
                    + d.now() + " WHERE id = ? AND attempt = ? AND status <> 'running'", millis, id, attempt);
            if (n == 1) {
                Rows.event(c, d, id, "worker_held", payload("attempt", attempt, "hold_ms", millis, "reason", reason));
            }
            return n == 1;
        });
    }

    /** The start of the current lease term: the open run's last heartbeat (or its start). */
    private static final String LEASE_START = "(SELECT COALESCE(r.heartbeat_at, r.started_at) FROM task_runs r "
            + "WHERE r.task_id = tasks.id AND r.attempt = tasks.attempt)";

    static BoardException notClaimable(Task t) {
        String why = switch (t.status()) {
            case READY -> t.cooldownUntil() != null
                    ? "claim it during its rate-limit cooldown (until " + t.cooldownUntil() + ")"
                    : "claim it while the worker of attempt " + t.attempt() + " may still be alive (worker hold)";
            case RUNNING -> t.consecutiveFailures() + 1 >= t.maxRetries()
                    ? "claim it: its expired lease is at the failure limit and awaits reclaim"
                    : "claim it: held by " + t.claimant() + " (attempt " + t.attempt() + ") until " + t.leaseUntil()
                    + " (an expired lease is taken over only after one more lease length, or by reclaim)";
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

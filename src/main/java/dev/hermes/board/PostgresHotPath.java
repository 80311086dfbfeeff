package dev.hermes.board;

import static dev.hermes.board.Rows.payload;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Claim and complete on PostgreSQL as one statement each, run in autocommit: one network round
 * trip apiece, where {@link ClaimOps#claim} and {@link FencedOps#complete} send five and six
 * statements plus a commit. The statements chain data-modifying {@code WITH} parts, so each is
 * atomic exactly as the transaction it replaces, and writes the same rows and events; the row
 * locks and fencing are the shared ones ({@link ClaimOps#take}'s {@code SKIP LOCKED} pick, the
 * fence in the {@code WHERE} of the task's update, re-checked by PostgreSQL after waiting on a
 * row another transaction changed). Everything else (a refused claim of one task, a rejected
 * completion, every other write) goes through the shared operations.
 *
 * <p>Event payloads the database must compute (attempt, lease, run id) are built with
 * {@code json_build_object}; they parse to the same JSON the shared path writes (times are
 * ISO-8601 UTC with microseconds).
 */
final class PostgresHotPath {

    /** A timestamptz column as ISO-8601 UTC (with microseconds; {@code Instant.toString} drops zero digits). */
    private static String iso(String column) {
        return "to_char(" + column + " AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"')";
    }

    private final Db db;
    private final Dialect d;

    PostgresHotPath(Db db) {
        this.db = db;
        this.d = db.dialect;
    }

    /** As {@link ClaimOps#claim}: takes the task, closes a displaced run, opens the new run, logs both. */
    Optional<Claim> claim(Claimant who, Duration lease, ClaimFilter filter) {
        List<Object> args = new ArrayList<>();
        String take = ClaimOps.take(d, who, ClaimOps.positiveMillis(lease, "lease"), filter, args);
        args.addAll(List.of(who.id(), who.host(), who.pid(), who.id(), who.host(), who.pid()));
        String sql = "WITH taken AS (" + take + "), "
                + "displaced AS (UPDATE task_runs r SET ended_at = now(), outcome = 'reclaimed', "
                + "error = 'lease expired; taken over by attempt ' || t.attempt FROM taken t "
                + "WHERE r.task_id = t.id AND r.ended_at IS NULL RETURNING r.attempt, r.claimant, r.host, r.worker_pid), "
                // reads displaced first, so the old run is closed before the new one opens (one open run per task)
                + "run AS (INSERT INTO task_runs (task_id, attempt, claimant, host, worker_pid, started_at, heartbeat_at) "
                + "SELECT id, attempt, ?, ?, ?, now(), now() FROM taken WHERE (SELECT count(*) FROM displaced) >= 0 "
                + "RETURNING id), "
                + "logged AS (INSERT INTO task_events (task_id, kind, payload, created_at) "
                + "SELECT t.id, 'reclaimed', json_build_object('attempt', x.attempt, 'claimant', x.claimant, "
                + "'host', x.host, 'pid', x.worker_pid, 'by', 'claim', 'failures', t.consecutive_failures)::text, now() "
                + "FROM taken t, displaced x "
                + "UNION ALL SELECT t.id, 'claimed', json_build_object('attempt', t.attempt, 'claimant', ?, 'host', ?, "
                + "'pid', ?, 'lease_until', " + iso("t.lease_until") + ", 'run', r.id)::text, now() "
                + "FROM taken t, run r) "
                + "SELECT t.*, r.id AS run_id FROM taken t, run r";
        Optional<Claim> claim = db.statement(c -> Jdbc.one(c, sql, rs -> {
            ClaimOps.Taken task = ClaimOps.Taken.of(d, rs);
            return new Claim(task.id(), task.attempt(), who, task.leaseUntil(), rs.getLong("run_id"));
        }, args.toArray()));
        if (claim.isEmpty() && filter.taskId().isPresent()) {
            throw ClaimOps.notClaimable(db.read(c -> Rows.lockTask(c, d, filter.taskId().get())));
        }
        return claim;
    }

    /**
     * As {@link FencedOps#complete} when the fence holds: the task done with its counts reset, the
     * run closed as completed, todo tasks whose parents are now all done promoted, events logged.
     * Empty when the fence does not hold: the caller then records the rejection.
     */
    Optional<WriteResult> complete(Claim claim, String summary, Map<String, ?> metadata) {
        String sql = "WITH fenced AS (UPDATE tasks SET status = 'done', claimant = NULL, lease_until = NULL, "
                + Failures.RESET + ", updated_at = now() "
                + "WHERE id = ? AND claimant = ? AND attempt = ? AND status = 'running' RETURNING id), "
                + "ended AS (UPDATE task_runs r SET ended_at = now(), outcome = 'completed', summary = ?, metadata = ?, "
                + "error = NULL FROM fenced f WHERE r.task_id = f.id AND r.ended_at IS NULL RETURNING r.id), "
                // one snapshot for the whole statement: it still sees the completed task running, so it counts it as done
                + "promoted AS (UPDATE tasks SET status = 'ready', updated_at = now() WHERE status = 'todo' "
                + "AND EXISTS (SELECT 1 FROM fenced) AND NOT EXISTS (SELECT 1 FROM task_links l JOIN tasks p "
                + "ON p.id = l.parent_id WHERE l.child_id = tasks.id AND p.status <> 'done' "
                + "AND p.id NOT IN (SELECT id FROM fenced)) RETURNING id), "
                + "logged AS (INSERT INTO task_events (task_id, kind, payload, created_at) "
                + "SELECT id, 'completed', ?, now() FROM fenced "
                + "UNION ALL SELECT id, 'promoted', ?, now() FROM promoted) "
                + "SELECT count(*) AS n FROM fenced";
        long applied = db.statement(c -> Jdbc.one(c, sql, rs -> rs.getLong("n"), claim.taskId(),
                claim.claimant().id(), claim.attempt(), summary, metadata == null ? null : Rows.json(metadata),
                Rows.json(payload("attempt", claim.attempt(), "summary", summary)),
                Rows.json(GraphOps.PROMOTED)).orElseThrow());
        return applied == 1 ? Optional.of(WriteResult.APPLIED) : Optional.empty();
    }
}

package dev.hermes.board;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import dev.hermes.util.Json;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** Row mapping, JSON columns, task lookup and event appending shared by the operations. */
final class Rows {

    static final String TASK_COLUMNS = "id, title, body, status, assignee, priority, skills, model, provider, "
            + "max_runtime_seconds, max_retries, workspace, created_at, updated_at, claimant, lease_until, attempt, "
            + "consecutive_failures, cooldown_until, protocol_violations, dispatch_note";

    static final String RUN_COLUMNS = "id, task_id, attempt, claimant, host, worker_pid, started_at, heartbeat_at, "
            + "ended_at, outcome, summary, metadata, error";

    private Rows() {
    }

    static Task task(Dialect d, ResultSet rs) throws SQLException {
        Long maxRuntime = Jdbc.longOrNull(rs, "max_runtime_seconds");
        return new Task(TaskId.of(rs.getString("id")), rs.getString("title"), rs.getString("body"),
                TaskStatus.fromSql(rs.getString("status")), rs.getString("assignee"), rs.getInt("priority"),
                stringList(rs.getString("skills")), rs.getString("model"), rs.getString("provider"),
                maxRuntime == null ? null : Duration.ofSeconds(maxRuntime), rs.getInt("max_retries"),
                rs.getString("workspace"), d.instant(rs, "created_at"), d.instant(rs, "updated_at"),
                rs.getString("claimant"), d.instant(rs, "lease_until"), rs.getLong("attempt"),
                rs.getInt("consecutive_failures"), d.instant(rs, "cooldown_until"), rs.getInt("protocol_violations"),
                rs.getString("dispatch_note"));
    }

    static Run run(Dialect d, ResultSet rs) throws SQLException {
        String outcome = rs.getString("outcome");
        String metadata = rs.getString("metadata");
        return new Run(rs.getLong("id"), TaskId.of(rs.getString("task_id")), rs.getLong("attempt"),
                rs.getString("claimant"), rs.getString("host"), Jdbc.longOrNull(rs, "worker_pid"),
                d.instant(rs, "started_at"), d.instant(rs, "heartbeat_at"), d.instant(rs, "ended_at"),
                outcome == null ? null : RunOutcome.fromSql(outcome), rs.getString("summary"),
                metadata == null ? null : tree(metadata), rs.getString("error"));
    }

    static Comment comment(Dialect d, ResultSet rs) throws SQLException {
        return new Comment(rs.getLong("id"), TaskId.of(rs.getString("task_id")), rs.getString("author"),
                rs.getString("body"), d.instant(rs, "created_at"));
    }

    static TaskEvent event(Dialect d, ResultSet rs) throws SQLException {
        return new TaskEvent(rs.getLong("id"), TaskId.of(rs.getString("task_id")), rs.getString("kind"),
                tree(rs.getString("payload")), d.instant(rs, "created_at"));
    }

    /** The task row, locked for the rest of the transaction on PostgreSQL; throws when unknown. */
    static Task lockTask(Connection c, Dialect d, TaskId id) throws SQLException {
        return Jdbc.one(c, "SELECT " + TASK_COLUMNS + " FROM tasks WHERE id = ?" + d.forUpdate(false),
                rs -> task(d, rs), id).orElseThrow(() -> new BoardException.UnknownTask(id));
    }

    static void requireTask(Connection c, TaskId id) throws SQLException {
        if (Jdbc.one(c, "SELECT 1 AS x FROM tasks WHERE id = ?", rs -> 1, id).isEmpty()) {
            throw new BoardException.UnknownTask(id);
        }
    }

    /** Ends the task's open run (there is at most one), returning it as ended. */
    static java.util.Optional<Run> endOpenRun(Connection c, Dialect d, TaskId id, RunOutcome outcome, String summary,
                                              String metadata, String error) throws SQLException {
        return Jdbc.one(c, "UPDATE task_runs SET ended_at = " + d.now() + ", outcome = ?, summary = ?, metadata = ?, "
                + "error = ? WHERE task_id = ? AND ended_at IS NULL RETURNING " + RUN_COLUMNS,
                rs -> run(d, rs), outcome, summary, metadata, error, id);
    }

    /** Appends one event in the caller's transaction. */
    static void event(Connection c, Dialect d, TaskId id, String kind, Map<String, ?> payload) throws SQLException {
        Jdbc.update(c, "INSERT INTO task_events (task_id, kind, payload, created_at) VALUES (?, ?, ?, " + d.now() + ")",
                id, kind, json(payload));
    }

    /** An event payload from key/value pairs; unlike Map.of it keeps nulls and order. */
    static Map<String, Object> payload(Object... pairs) {
        Map<String, Object> map = new java.util.LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            Object v = pairs[i + 1];
            map.put((String) pairs[i], v instanceof TaskId || v instanceof Enum<?> || v instanceof java.time.Instant
                    ? v.toString() : v);
        }
        return map;
    }

    static String json(Object value) {
        try {
            return Json.MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("value is not representable as JSON: " + e.getOriginalMessage(), e);
        }
    }

    private static JsonNode tree(String json) {
        try {
            return Json.MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("corrupt JSON column: " + e.getOriginalMessage(), e);
        }
    }

    private static List<String> stringList(String json) {
        try {
            return Json.MAPPER.readValue(json, new TypeReference<List<String>>() { });
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("corrupt skills column: " + e.getOriginalMessage(), e);
        }
    }
}

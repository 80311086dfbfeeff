package dev.hermes.board;

import static dev.hermes.board.Rows.payload;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** Task rows outside of claims: create, read, update, comments, events, runs. */
final class TaskOps {

    private final Db db;
    private final Dialect d;
    private final GraphOps graph;

    TaskOps(Db db, GraphOps graph) {
        this.db = db;
        this.d = db.dialect;
        this.graph = graph;
    }

    Task create(NewTask t) {
        return db.write(c -> {
            TaskId id = freshId(c);
            Jdbc.update(c, "INSERT INTO tasks (id, title, body, status, assignee, priority, skills, model, provider, "
                            + "max_runtime_seconds, max_retries, workspace, created_at, updated_at) "
                            + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, " + d.now() + ", " + d.now() + ")",
                    id, t.title(), t.body(), t.status(), t.assignee(), t.priority(), Rows.json(t.skills()), t.model(),
                    t.provider(), t.maxRuntime() == null ? null : t.maxRuntime().toSeconds(), t.maxRetries(),
                    t.workspace());
            Rows.event(c, d, id, "created", payload("title", t.title(), "status", t.status().sql(),
                    "assignee", t.assignee(), "priority", t.priority()));
            for (TaskId parent : t.parents()) {
                graph.link(c, parent, id);
            }
            return get(c, id);
        });
    }

    Task get(TaskId id) {
        return db.read(c -> get(c, id));
    }

    Task get(Connection c, TaskId id) throws SQLException {
        return Jdbc.one(c, "SELECT " + Rows.TASK_COLUMNS + " FROM tasks WHERE id = ?", rs -> Rows.task(d, rs), id)
                .orElseThrow(() -> new BoardException.UnknownTask(id));
    }

    List<Task> list(TaskQuery q) {
        StringBuilder sql = new StringBuilder("SELECT " + Rows.TASK_COLUMNS + " FROM tasks WHERE 1 = 1");
        List<Object> args = new ArrayList<>();
        if (!q.statuses().isEmpty()) {
            sql.append(" AND status IN (").append(String.join(", ", q.statuses().stream().map(s -> "?").toList()))
                    .append(")");
            q.statuses().stream().sorted().forEach(args::add);
        }
        q.assignee().ifPresent(a -> {
            sql.append(" AND assignee = ?");
            args.add(a);
        });
        sql.append(" ORDER BY priority DESC, created_at, id");
        return db.read(c -> Jdbc.list(c, sql.toString(), rs -> Rows.task(d, rs), args.toArray()));
    }

    Task update(TaskId id, TaskPatch p, String by) {
        List<String> columns = new ArrayList<>();
        List<Object> args = new ArrayList<>();
        set(columns, args, "title", p.title());
        set(columns, args, "body", p.body());
        set(columns, args, "assignee", p.assignee());
        set(columns, args, "priority", p.priority());
        set(columns, args, "skills", p.skills() == null ? null : Rows.json(p.skills()));
        set(columns, args, "model", p.model());
        set(columns, args, "provider", p.provider());
        set(columns, args, "max_runtime_seconds", p.maxRuntime() == null ? null : p.maxRuntime().toSeconds());
        set(columns, args, "max_retries", p.maxRetries());
        set(columns, args, "workspace", p.workspace());
        return db.write(c -> {
            Rows.lockTask(c, d, id);
            if (!columns.isEmpty()) {
                List<Object> all = new ArrayList<>(args);
                all.add(id);
                Jdbc.update(c, "UPDATE tasks SET " + String.join(", ", columns.stream().map(k -> k + " = ?").toList())
                        + ", updated_at = " + d.now() + " WHERE id = ?", all.toArray());
                Rows.event(c, d, id, "updated", payload("by", by, "fields", columns));
            }
            return get(c, id);
        });
    }

    Comment comment(TaskId id, String author, String body) {
        return db.write(c -> {
            Rows.requireTask(c, id);
            return insertComment(c, id, author, body);
        });
    }

    Comment insertComment(Connection c, TaskId id, String author, String body) throws SQLException {
        Comment comment = Jdbc.one(c, "INSERT INTO task_comments (task_id, author, body, created_at) VALUES (?, ?, ?, "
                + d.now() + ") RETURNING id, task_id, author, body, created_at", rs -> Rows.comment(d, rs),
                id, author, body).orElseThrow();
        Rows.event(c, d, id, "commented", payload("author", author, "comment", comment.id()));
        return comment;
    }

    List<Comment> comments(TaskId id) {
        return db.read(c -> {
            Rows.requireTask(c, id);
            return Jdbc.list(c, "SELECT id, task_id, author, body, created_at FROM task_comments WHERE task_id = ? "
                    + "ORDER BY id", rs -> Rows.comment(d, rs), id);
        });
    }

    List<TaskEvent> events(TaskId id) {
        return db.read(c -> {
            Rows.requireTask(c, id);
            return Jdbc.list(c, "SELECT id, task_id, kind, payload, created_at FROM task_events WHERE task_id = ? "
                    + "ORDER BY id", rs -> Rows.event(d, rs), id);
        });
    }

    List<TaskEvent> eventsAfter(long afterId, int limit) {
        return db.read(c -> Jdbc.list(c, "SELECT id, task_id, kind, payload, created_at FROM task_events WHERE id > ? "
                + "ORDER BY id LIMIT " + Math.max(1, limit), rs -> Rows.event(d, rs), afterId));
    }

    List<Run> runs(TaskId id) {
        return db.read(c -> {
            Rows.requireTask(c, id);
            return Jdbc.list(c, "SELECT " + Rows.RUN_COLUMNS + " FROM task_runs WHERE task_id = ? ORDER BY attempt",
                    rs -> Rows.run(d, rs), id);
        });
    }

    private TaskId freshId(Connection c) throws SQLException {
        while (true) {
            TaskId id = TaskId.generate();
            if (Jdbc.one(c, "SELECT 1 AS x FROM tasks WHERE id = ?", rs -> 1, id).isEmpty()) {
                return id;
            }
        }
    }

    private static void set(List<String> columns, List<Object> args, String column, Object value) {
        if (value != null) {
            columns.add(column);
            args.add(value);
        }
    }
}

package dev.hermes.board;

import static dev.hermes.board.Rows.payload;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The parent -> child DAG: links with cycle refusal, and promotion of todo tasks. */
final class GraphOps {

    /** The payload of a {@code promoted} event. */
    static final Map<String, Object> PROMOTED = Collections.unmodifiableMap(payload("from", "todo", "to", "ready"));

    private final Db db;
    private final Dialect d;

    GraphOps(Db db) {
        this.db = db;
        this.d = db.dialect;
    }

    void link(TaskId parent, TaskId child) {
        db.write(c -> {
            link(c, parent, child);
            return null;
        });
    }

    /** Adds the link in the caller's transaction; refuses a cycle, demotes a ready child to todo. */
    void link(Connection c, TaskId parent, TaskId child) throws SQLException {
        Rows.requireTask(c, parent);
        Task childTask = Rows.lockTask(c, d, child);
        if (parent.equals(child)) {
            throw new BoardException.Cycle(parent + " -> " + child);
        }
        d.lockLinks(c);
        Map<TaskId, List<TaskId>> edges = edges(c);
        if (edges.getOrDefault(parent, List.of()).contains(child)) {
            return;
        }
        List<TaskId> path = path(edges, child, parent);
        if (!path.isEmpty()) {
            List<String> cycle = new ArrayList<>();
            cycle.add(parent.value());
            path.forEach(t -> cycle.add(t.value()));
            throw new BoardException.Cycle(String.join(" -> ", cycle));
        }
        Jdbc.update(c, "INSERT INTO task_links (parent_id, child_id) VALUES (?, ?)", parent, child);
        Rows.event(c, d, child, "linked", payload("parent", parent));
        TaskStatus parentStatus = Jdbc.one(c, "SELECT status FROM tasks WHERE id = ?",
                rs -> TaskStatus.fromSql(rs.getString("status")), parent).orElseThrow();
        if (childTask.status() == TaskStatus.READY && parentStatus != TaskStatus.DONE) {
            // the child now waits for its new parent; promote() makes it ready again
            Jdbc.update(c, "UPDATE tasks SET status = 'todo', updated_at = " + d.now() + " WHERE id = ?", child);
            Rows.event(c, d, child, "status_changed", payload("from", "ready", "to", "todo",
                    "reason", "new parent " + parent + " is not done"));
        }
    }

    boolean unlink(TaskId parent, TaskId child) {
        return db.write(c -> {
            Rows.requireTask(c, parent);
            Rows.requireTask(c, child);
            boolean removed = Jdbc.update(c, "DELETE FROM task_links WHERE parent_id = ? AND child_id = ?",
                    parent, child) == 1;
            if (removed) {
                Rows.event(c, d, child, "unlinked", payload("parent", parent));
            }
            return removed;
        });
    }

    List<TaskId> parents(TaskId id) {
        return db.read(c -> {
            Rows.requireTask(c, id);
            return Jdbc.list(c, "SELECT parent_id FROM task_links WHERE child_id = ? ORDER BY parent_id",
                    rs -> TaskId.of(rs.getString("parent_id")), id);
        });
    }

    List<TaskId> children(TaskId id) {
        return db.read(c -> {
            Rows.requireTask(c, id);
            return Jdbc.list(c, "SELECT child_id FROM task_links WHERE parent_id = ? ORDER BY child_id",
                    rs -> TaskId.of(rs.getString("child_id")), id);
        });
    }

    List<TaskId> promote() {
        return db.write(this::promote);
    }

    /** Todo tasks whose parents are all done (or that have none) become ready. */
    List<TaskId> promote(Connection c) throws SQLException {
        List<TaskId> promoted = Jdbc.list(c, "UPDATE tasks SET status = 'ready', updated_at = " + d.now()
                + " WHERE status = 'todo' AND NOT EXISTS (SELECT 1 FROM task_links l JOIN tasks p ON p.id = l.parent_id"
                + " WHERE l.child_id = tasks.id AND p.status <> 'done') RETURNING id", rs -> TaskId.of(rs.getString("id")));
        for (TaskId id : promoted) {
            Rows.event(c, d, id, "promoted", PROMOTED);
        }
        return promoted;
    }

    private static Map<TaskId, List<TaskId>> edges(Connection c) throws SQLException {
        Map<TaskId, List<TaskId>> edges = new HashMap<>();
        for (TaskId[] e : Jdbc.list(c, "SELECT parent_id, child_id FROM task_links",
                rs -> new TaskId[] {TaskId.of(rs.getString("parent_id")), TaskId.of(rs.getString("child_id"))})) {
            edges.computeIfAbsent(e[0], k -> new ArrayList<>()).add(e[1]);
        }
        return edges;
    }

    /** A path from {@code from} to {@code to} (both included) along links, or empty. */
    private static List<TaskId> path(Map<TaskId, List<TaskId>> edges, TaskId from, TaskId to) {
        Map<TaskId, TaskId> cameFrom = new HashMap<>();
        Deque<TaskId> queue = new ArrayDeque<>(List.of(from));
        cameFrom.put(from, from);
        while (!queue.isEmpty()) {
            TaskId at = queue.removeFirst();
            if (at.equals(to)) {
                List<TaskId> path = new ArrayList<>();
                for (TaskId t = to; !t.equals(from); t = cameFrom.get(t)) {
                    path.add(t);
                }
                path.add(from);
                Collections.reverse(path);
                return path;
            }
            for (TaskId next : edges.getOrDefault(at, List.of())) {
                if (cameFrom.putIfAbsent(next, at) == null) {
                    queue.addLast(next);
                }
            }
        }
        return List.of();
    }
}

package dev.hermes.dashboard;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hermes.board.BoardStore;
import dev.hermes.board.Comment;
import dev.hermes.board.Run;
import dev.hermes.board.Task;
import dev.hermes.board.TaskEvent;
import dev.hermes.board.TaskId;
import dev.hermes.board.TaskQuery;
import dev.hermes.board.TaskStatus;
import dev.hermes.util.Json;

import java.time.Instant;
import java.util.EnumSet;
import java.util.List;

/** The board as the page reads it: JSON shapes for the columns and for one task's detail. */
final class BoardJson {

    /** The statuses shown as columns, in order (archived tasks are left off the board). */
    static final List<TaskStatus> COLUMNS = List.of(TaskStatus.TRIAGE, TaskStatus.TODO, TaskStatus.READY,
            TaskStatus.RUNNING, TaskStatus.BLOCKED, TaskStatus.REVIEW, TaskStatus.DONE);

    private BoardJson() {
    }

    static ObjectNode board(BoardStore store, long lastEventId) {
        ObjectNode root = Json.MAPPER.createObjectNode();
        root.put("now", Instant.now().toString());
        root.put("lastEventId", lastEventId);
        ArrayNode columns = root.putArray("columns");
        COLUMNS.forEach(s -> columns.add(s.sql()));
        ArrayNode tasks = root.putArray("tasks");
        store.list(new TaskQuery(EnumSet.copyOf(COLUMNS), java.util.Optional.empty()))
                .forEach(t -> tasks.add(card(t)));
        return root;
    }

    static ObjectNode card(Task t) {
        ObjectNode n = Json.MAPPER.createObjectNode();
        n.put("id", t.id().toString());
        n.put("title", t.title());
        n.put("status", t.status().sql());
        n.put("assignee", t.assignee());
        n.put("priority", t.priority());
        n.put("attempt", t.attempt());
        n.put("failures", t.consecutiveFailures());
        n.put("maxRetries", t.maxRetries());
        n.put("protocolViolations", t.protocolViolations());
        n.put("claimant", t.claimant());
        n.put("leaseUntil", time(t.leaseUntil()));
        n.put("cooldownUntil", time(t.cooldownUntil()));
        n.put("dispatchNote", t.dispatchNote());
        n.put("updatedAt", time(t.updatedAt()));
        return n;
    }

    static ObjectNode detail(BoardStore store, TaskId id) {
        Task t = store.get(id);
        ObjectNode n = card(t);
        n.put("body", t.body());
        n.put("createdAt", time(t.createdAt()));
        n.put("workspace", t.workspace());
        n.put("model", t.model());
        n.put("provider", t.provider());
        ArrayNode skills = n.putArray("skills");
        t.skills().forEach(skills::add);
        ArrayNode parents = n.putArray("parents");
        store.parents(id).forEach(p -> parents.add(ref(store, p)));
        ArrayNode children = n.putArray("children");
        store.children(id).forEach(c -> children.add(ref(store, c)));
        ArrayNode comments = n.putArray("comments");
        for (Comment c : store.comments(id)) {
            comments.addObject().put("author", c.author()).put("body", c.body()).put("at", time(c.createdAt()));
        }
        ArrayNode runs = n.putArray("runs");
        for (Run r : store.runs(id)) {
            ObjectNode o = runs.addObject().put("attempt", r.attempt()).put("claimant", r.claimant())
                    .put("host", r.host()).put("startedAt", time(r.startedAt())).put("endedAt", time(r.endedAt()))
                    .put("outcome", r.outcome() == null ? null : r.outcome().sql()).put("summary", r.summary())
                    .put("error", r.error());
            Instant end = r.endedAt() != null ? r.endedAt() : Instant.now();
            o.put("elapsedMs", r.startedAt() == null ? 0 : Math.max(0, end.toEpochMilli() - r.startedAt().toEpochMilli()));
        }
        ArrayNode events = n.putArray("events");
        for (TaskEvent e : store.events(id)) {
            events.addObject().put("id", e.id()).put("kind", e.kind()).put("at", time(e.createdAt()))
                    .set("payload", e.payload());
        }
        return n;
    }

    private static ObjectNode ref(BoardStore store, TaskId id) {
        Task t = store.get(id);
        return Json.MAPPER.createObjectNode().put("id", id.toString()).put("title", t.title())
                .put("status", t.status().sql());
    }

    private static String time(Instant i) {
        return i == null ? null : i.toString();
    }
}

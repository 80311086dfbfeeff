package dev.hermes.board.worker;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import dev.hermes.board.NewTask;
import dev.hermes.board.TaskId;
import dev.hermes.board.WriteResult;
import dev.hermes.llm.ToolDefinition;
import dev.hermes.tools.Tool;
import dev.hermes.tools.ToolContext;
import dev.hermes.tools.ToolException;
import dev.hermes.tools.ToolOutcome;
import dev.hermes.util.Json;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The worker's kanban tools. Those that finish or report on the worker's own task take no task
 * id (there is none to get wrong), and every write is fenced with the worker's claim: a rejected
 * write tells the model its claim was lost and that it must stop. The board-shaping ones
 * (create, link, request changes on a task under review) name other tasks and are accepted only
 * while the claim is live.
 */
final class KanbanTools {

    /** One call's body. */
    @FunctionalInterface
    private interface Body {
        ToolOutcome run(JsonNode args) throws ToolException;
    }

    private record KanbanTool(ToolDefinition definition, boolean readOnly, Body body) implements Tool {
        @Override
        public ToolOutcome run(JsonNode arguments, ToolContext context) throws ToolException {
            context.onActivity().run();
            return body.run(arguments);
        }
    }

    private KanbanTools() {
    }

    static List<Tool> all(WorkerSupport w) {
        return List.of(
                tool("kanban_show", "Show your task: title, body, status, attempt, parents and their results, "
                        + "comments. Call this first.", "{}", true, a -> ToolOutcome.ok(w.describeTask())),
                tool("kanban_complete", "Finish your task successfully. Call once, at the end, with a summary of "
                        + "what you did. After this, stop.", """
                        "summary":{"type":"string","description":"What was done, for the people and tasks that follow"},
                        "metadata":{"type":"object","description":"Structured results (optional)"},
                        "artifacts":{"type":"array","items":{"type":"string"},"description":"Paths of files produced, relative to the workspace (optional)"}
                        },"required":["summary"]""", false, a -> {
                    Map<String, Object> metadata = new LinkedHashMap<>();
                    if (has(a, "metadata")) {
                        metadata.putAll(Json.MAPPER.convertValue(a.get("metadata"), new TypeReference<Map<String, Object>>() { }));
                    }
                    if (has(a, "artifacts")) metadata.put("artifacts", strings(a.get("artifacts")));
                    return w.written(w.complete(text(a, "summary"), metadata), "Task completed. Stop now.");
                }),
                tool("kanban_request_review", "Finish your part and ask for review instead of completing: a "
                        + "person (or a reviewer) approves the task or requests changes, which brings it back to a "
                        + "worker with the reason as a comment. After this, stop.", """
                        "summary":{"type":"string","description":"What was done and what the reviewer should look at"},
                        "metadata":{"type":"object","description":"Structured results (optional)"}
                        },"required":["summary"]""", false, a -> w.written(w.requestReview(text(a, "summary"),
                        has(a, "metadata") ? Json.MAPPER.convertValue(a.get("metadata"),
                        new TypeReference<Map<String, Object>>() { }) : null), "Review requested. Stop now.")),
                tool("kanban_request_changes", "You are reviewing another task that is in review: send it back to "
                        + "work with precisely what to change (kept as a comment its next worker reads).", """
                        "task_id":{"type":"string","description":"The task under review"},
                        "reason":{"type":"string","description":"What to change"}
                        },"required":["task_id","reason"]""", false,
                        a -> w.requestChanges(taskId(a, "task_id"), text(a, "reason"))),
                tool("kanban_link", "Make one task wait for another: child starts only when parent is done.", """
                        "parent_id":{"type":"string"},
                        "child_id":{"type":"string"}
                        },"required":["parent_id","child_id"]""", false,
                        a -> w.link(taskId(a, "parent_id"), taskId(a, "child_id"))),
                tool("kanban_block", "Stop and block your task because it cannot be done without a person: "
                        + "genuine ambiguity, missing access, a decision only a person can make. Give the reason.", """
                        "reason":{"type":"string","description":"What is needed to unblock, addressed to a person"}
                        },"required":["reason"]""", false,
                        a -> w.written(w.block(text(a, "reason")), "Task blocked. Stop now.")),
                tool("kanban_heartbeat", "Renew your lease during long work (it is also renewed automatically "
                        + "while you work). Optionally leave a progress note.", """
                        "note":{"type":"string","description":"Progress note, kept as a comment (optional)"}
                        }""", false, a -> {
                    WriteResult beat = w.heartbeat();
                    if (beat.applied() && has(a, "note")) beat = w.comment(text(a, "note"));
                    return w.written(beat, "Lease renewed for " + w.lease().toSeconds() + " s.");
                }),
                tool("kanban_comment", "Add a comment to your task (findings, questions for reviewers).", """
                        "body":{"type":"string","description":"The comment"}
                        },"required":["body"]""", false,
                        a -> w.written(w.comment(text(a, "body")), "Comment added.")),
                tool("kanban_create", "Create a follow-up task instead of doing unrelated work yourself. By "
                        + "default it waits for your task (its parent) to be done.", """
                        "title":{"type":"string"},
                        "body":{"type":"string","description":"What to do, with enough context to start cold"},
                        "assignee":{"type":"string","description":"Profile that should do it (default: yours)"},
                        "parents":{"type":"array","items":{"type":"string"},"description":"Task ids it waits for (default: your task)"},
                        "priority":{"type":"integer","description":"Higher runs first (default 0)"}
                        },"required":["title"]""", false, a -> {
                    NewTask.Builder b = NewTask.builder(text(a, "title")).body(has(a, "body") ? text(a, "body") : "");
                    if (has(a, "assignee")) b.assignee(text(a, "assignee"));
                    if (has(a, "priority")) b.priority(a.get("priority").asInt());
                    List<String> parents = has(a, "parents") ? strings(a.get("parents")) : List.of(w.task().value());
                    for (String p : parents) {
                        try {
                            b.parent(TaskId.of(p.strip()));
                        } catch (IllegalArgumentException e) {
                            throw new ToolException("parents: " + e.getMessage());
                        }
                    }
                    return w.createFollowUp(b);
                }));
    }

    private static Tool tool(String name, String description, String properties, boolean readOnly, Body body) {
        String schema = properties.equals("{}") ? "{\"type\":\"object\",\"properties\":{}}"
                : "{\"type\":\"object\",\"properties\":{" + properties + "}";
        return new KanbanTool(new ToolDefinition(name, description, schema), readOnly, body);
    }

    private static boolean has(JsonNode a, String name) {
        return a.hasNonNull(name);
    }

    private static String text(JsonNode a, String name) throws ToolException {
        if (!a.hasNonNull(name) || a.get(name).asText().isBlank()) {
            throw new ToolException("argument '" + name + "' is required and must not be empty");
        }
        return a.get(name).asText();
    }

    private static TaskId taskId(JsonNode a, String name) throws ToolException {
        try {
            return TaskId.of(text(a, name).strip());
        } catch (IllegalArgumentException e) {
            throw new ToolException(name + ": " + e.getMessage());
        }
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }
}

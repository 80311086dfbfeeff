package dev.hermes.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hermes.board.BoardStore;
import dev.hermes.board.NewTask;
import dev.hermes.board.PersonActions;
import dev.hermes.board.TaskId;
import dev.hermes.board.TaskStatus;

import java.util.List;
import java.util.function.Consumer;

/**
 * The changes a person can make from the page, each one the same board operation (with the same
 * fencing and the same refusals) as the {@code hermes kanban} verb of that name. A refusal is
 * the board's {@link dev.hermes.board.BoardException}, whose message the page shows as it is.
 */
public final class DashboardActions {

    /** A request the page should not have sent (unknown action, missing field). */
    public static final class BadRequest extends RuntimeException {
        public BadRequest(String message) {
            super(message);
        }
    }

    private final BoardStore store;
    private final String by;
    private final Consumer<String> assigneeCheck;

    /** @param assigneeCheck throws {@link BadRequest} naming what is wrong with an assignee (an unknown profile) */
    DashboardActions(BoardStore store, String by, Consumer<String> assigneeCheck) {
        this.store = store;
        this.by = by;
        this.assigneeCheck = assigneeCheck;
    }

    /** Performs {@code request.action}; returns the id of the task it concerned. */
    String perform(JsonNode request) {
        String action = text(request, "action");
        String assignee = blankToNull(optional(request, "assignee"));
        if (assignee != null) assigneeCheck.accept(assignee);
        if (action.equals("create")) {
            NewTask t = new NewTask(text(request, "title"), optional(request, "body"), TaskStatus.READY, assignee, request.path("priority").asInt(0), List.of(), null, null,
                    null, NewTask.DEFAULT_MAX_RETRIES, null, List.of());
            return store.create(t).id().toString();
        }
        TaskId id = id(request);
        switch (action) {
            case "assign" -> store.reassign(id, assignee, by,
                    request.path("reclaim").asBoolean(false));
            case "comment" -> store.comment(id, by, text(request, "body"));
            case "block" -> store.transition(id, TaskStatus.BLOCKED, by, text(request, "reason"));
            case "unblock" -> PersonActions.unblock(store, id, by, TaskStatus.READY);
            case "request_review" -> store.requestReview(id, by, blankToNull(optional(request, "note")));
            case "approve" -> store.approve(id, by, blankToNull(optional(request, "note")));
            case "request_changes" -> store.requestChanges(id, by, text(request, "reason"));
            case "reclaim" -> store.reclaim(id, by, blankToNull(optional(request, "reason")));
            case "complete" -> PersonActions.complete(store, id, by, blankToNull(optional(request, "summary")),
                    request.path("force").asBoolean(false));
            case "archive" -> store.transition(id, TaskStatus.ARCHIVED, by, "archived from the dashboard");
            default -> throw new BadRequest("unknown action '" + action + "'");
        }
        return id.toString();
    }

    private static TaskId id(JsonNode request) {
        try {
            return TaskId.of(text(request, "id"));
        } catch (IllegalArgumentException e) {
            throw new BadRequest(e.getMessage());
        }
    }

    private static String text(JsonNode request, String field) {
        String v = optional(request, field);
        if (v.isBlank()) throw new BadRequest("'" + field + "' is required");
        return v;
    }

    private static String optional(JsonNode request, String field) {
        JsonNode v = request.get(field);
        return v == null || v.isNull() ? "" : v.asText();
    }

    private static String blankToNull(String s) {
        return s.isBlank() ? null : s;
    }
}

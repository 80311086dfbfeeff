package dev.hermes.board;

import java.util.Optional;

/**
 * Narrows what {@link BoardStore#claim} may take: tasks for one assignee profile, or one
 * particular task. Empty means no restriction.
 */
public record ClaimFilter(Optional<String> assignee, Optional<TaskId> taskId) {

    public static final ClaimFilter ANY = new ClaimFilter(Optional.empty(), Optional.empty());

    public static ClaimFilter assignee(String assignee) {
        return new ClaimFilter(Optional.of(assignee), Optional.empty());
    }

    public static ClaimFilter task(TaskId id) {
        return new ClaimFilter(Optional.empty(), Optional.of(id));
    }
}

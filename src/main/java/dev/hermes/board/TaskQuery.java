package dev.hermes.board;

import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/** Filters for {@link BoardStore#list}: any of the statuses (empty = all), one assignee. */
public record TaskQuery(Set<TaskStatus> statuses, Optional<String> assignee) {

    public static final TaskQuery ALL = new TaskQuery(Set.of(), Optional.empty());

    public TaskQuery {
        statuses = statuses.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(statuses));
    }

    public static TaskQuery status(TaskStatus first, TaskStatus... more) {
        return new TaskQuery(EnumSet.of(first, more), Optional.empty());
    }

    public TaskQuery withAssignee(String assignee) {
        return new TaskQuery(statuses, Optional.of(assignee));
    }
}

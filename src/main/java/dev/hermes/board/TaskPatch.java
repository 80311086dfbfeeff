package dev.hermes.board;

import java.time.Duration;
import java.util.List;

/**
 * Field changes for {@link BoardStore#update}: a null component means "leave as is". Status and
 * claim columns are not here on purpose: they change only through transitions and claims.
 */
public record TaskPatch(String title, String body, String assignee, Integer priority, List<String> skills,
                        String model, String provider, Duration maxRuntime, Integer maxRetries, String workspace) {

    public static final TaskPatch NONE = new TaskPatch(null, null, null, null, null, null, null, null, null, null);

    public TaskPatch {
        if (title != null && title.isBlank()) {
            throw new IllegalArgumentException("task title is blank");
        }
        if (maxRetries != null && maxRetries < 1) {
            throw new IllegalArgumentException("max retries must be >= 1: " + maxRetries);
        }
        skills = skills == null ? null : List.copyOf(skills);
    }

    public TaskPatch withTitle(String v) { return new TaskPatch(v, body, assignee, priority, skills, model, provider, maxRuntime, maxRetries, workspace); }
    public TaskPatch withBody(String v) { return new TaskPatch(title, v, assignee, priority, skills, model, provider, maxRuntime, maxRetries, workspace); }
    public TaskPatch withAssignee(String v) { return new TaskPatch(title, body, v, priority, skills, model, provider, maxRuntime, maxRetries, workspace); }
    public TaskPatch withPriority(int v) { return new TaskPatch(title, body, assignee, v, skills, model, provider, maxRuntime, maxRetries, workspace); }
    public TaskPatch withSkills(List<String> v) { return new TaskPatch(title, body, assignee, priority, v, model, provider, maxRuntime, maxRetries, workspace); }
    public TaskPatch withModel(String v) { return new TaskPatch(title, body, assignee, priority, skills, v, provider, maxRuntime, maxRetries, workspace); }
    public TaskPatch withProvider(String v) { return new TaskPatch(title, body, assignee, priority, skills, model, v, maxRuntime, maxRetries, workspace); }
    public TaskPatch withMaxRuntime(Duration v) { return new TaskPatch(title, body, assignee, priority, skills, model, provider, v, maxRetries, workspace); }
    public TaskPatch withMaxRetries(int v) { return new TaskPatch(title, body, assignee, priority, skills, model, provider, maxRuntime, v, workspace); }
    public TaskPatch withWorkspace(String v) { return new TaskPatch(title, body, assignee, priority, skills, model, provider, maxRuntime, maxRetries, v); }
}

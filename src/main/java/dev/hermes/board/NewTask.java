package dev.hermes.board;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What {@link BoardStore#create} needs. Built with {@link #builder(String)}; everything but the
 * title has a default (status todo, priority 0, max retries 2, no parents).
 */
public record NewTask(String title, String body, TaskStatus status, String assignee, int priority,
                      List<String> skills, String model, String provider, Duration maxRuntime, int maxRetries,
                      String workspace, List<TaskId> parents) {

    public static final int DEFAULT_MAX_RETRIES = 2;

    public NewTask {
        Objects.requireNonNull(title, "title");
        if (title.isBlank()) {
            throw new IllegalArgumentException("task title is blank");
        }
        body = body == null ? "" : body;
        Objects.requireNonNull(status, "status");
        if (status != TaskStatus.TRIAGE && status != TaskStatus.TODO && status != TaskStatus.READY) {
            throw new IllegalArgumentException("a new task starts in triage, todo or ready, not " + status.sql());
        }
        if (maxRetries < 1) {
            throw new IllegalArgumentException("max retries must be >= 1: " + maxRetries);
        }
        if (maxRuntime != null && (maxRuntime.isNegative() || maxRuntime.isZero())) {
            throw new IllegalArgumentException("max runtime must be positive: " + maxRuntime);
        }
        skills = List.copyOf(skills);
        parents = List.copyOf(parents);
    }

    public static Builder builder(String title) {
        return new Builder(title);
    }

    /** Mutable, single-threaded builder. */
    public static final class Builder {
        private final String title;
        private String body = "";
        private TaskStatus status = TaskStatus.TODO;
        private String assignee;
        private int priority;
        private final List<String> skills = new ArrayList<>();
        private String model;
        private String provider;
        private Duration maxRuntime;
        private int maxRetries = DEFAULT_MAX_RETRIES;
        private String workspace;
        private final List<TaskId> parents = new ArrayList<>();

        private Builder(String title) {
            this.title = title;
        }

        public Builder body(String v) { body = v; return this; }
        public Builder status(TaskStatus v) { status = v; return this; }
        public Builder assignee(String v) { assignee = v; return this; }
        public Builder priority(int v) { priority = v; return this; }
        public Builder skill(String v) { skills.add(v); return this; }
        public Builder model(String v) { model = v; return this; }
        public Builder provider(String v) { provider = v; return this; }
        public Builder maxRuntime(Duration v) { maxRuntime = v; return this; }
        public Builder maxRetries(int v) { maxRetries = v; return this; }
        public Builder workspace(String v) { workspace = v; return this; }
        public Builder parent(TaskId v) { parents.add(v); return this; }

        public NewTask build() {
            return new NewTask(title, body, status, assignee, priority, skills, model, provider, maxRuntime,
                    maxRetries, workspace, parents);
        }
    }
}

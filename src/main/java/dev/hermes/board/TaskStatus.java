package dev.hermes.board;

import java.util.Locale;

/** Where a task is in its life. Stored as the lowercase name. */
public enum TaskStatus {
    TRIAGE, TODO, READY, RUNNING, BLOCKED, REVIEW, DONE, ARCHIVED;

    public String sql() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static TaskStatus fromSql(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}

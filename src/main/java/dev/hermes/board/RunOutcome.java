package dev.hermes.board;

import java.util.Locale;

/** How one attempt (run) at a task ended. Stored as the lowercase name. */
public enum RunOutcome {
    COMPLETED, BLOCKED, CRASHED, TIMED_OUT, SPAWN_FAILED, GAVE_UP, RECLAIMED, RATE_LIMITED, STALE,
    PROTOCOL_VIOLATION, REVIEW_REQUESTED;

    /**
     * Whether this outcome counts towards the task's consecutive-failure limit. A rate limit is the
     * provider's weather, not the task's fault, so it requeues with a cooldown instead. A protocol
     * violation (the worker ended without finishing its task) has a budget of its own, as in the
     * original: a model that forgets to call kanban_complete is not a crashing worker.
     */
    public boolean countsAsFailure() {
        return switch (this) {
            case CRASHED, TIMED_OUT, SPAWN_FAILED, RECLAIMED, STALE -> true;
            case COMPLETED, BLOCKED, GAVE_UP, RATE_LIMITED, PROTOCOL_VIOLATION, REVIEW_REQUESTED -> false;
        };
    }

    /**
     * Whether {@link BoardStore#fail} accepts this outcome. The others are written by their own
     * operations: complete, block, request review, reclaim, and the limit check (gave_up).
     */
    public boolean acceptedByFail() {
        return switch (this) {
            case CRASHED, TIMED_OUT, SPAWN_FAILED, PROTOCOL_VIOLATION, STALE, RATE_LIMITED -> true;
            case COMPLETED, BLOCKED, GAVE_UP, RECLAIMED, REVIEW_REQUESTED -> false;
        };
    }

    public String sql() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static RunOutcome fromSql(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}

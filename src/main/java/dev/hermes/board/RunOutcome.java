package dev.hermes.board;

import java.util.Locale;

/** How one attempt (run) at a task ended. Stored as the lowercase name. */
public enum RunOutcome {
    COMPLETED, BLOCKED, CRASHED, TIMED_OUT, SPAWN_FAILED, GAVE_UP, RECLAIMED, RATE_LIMITED, STALE,
    PROTOCOL_VIOLATION;

    /**
     * Whether this outcome counts towards the task's consecutive-failure limit. A rate limit is the
     * provider's weather, not the task's fault, so it requeues with a cooldown instead.
     */
    public boolean countsAsFailure() {
        return switch (this) {
            case CRASHED, TIMED_OUT, SPAWN_FAILED, RECLAIMED, PROTOCOL_VIOLATION, STALE -> true;
            case COMPLETED, BLOCKED, GAVE_UP, RATE_LIMITED -> false;
        };
    }

    /**
     * Whether {@link BoardStore#fail} accepts this outcome. The others are written by their own
     * operations: complete, block, reclaim, and the limit check (gave_up).
     */
    public boolean acceptedByFail() {
        return switch (this) {
            case CRASHED, TIMED_OUT, SPAWN_FAILED, PROTOCOL_VIOLATION, STALE, RATE_LIMITED -> true;
            case COMPLETED, BLOCKED, GAVE_UP, RECLAIMED -> false;
        };
    }

    public String sql() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static RunOutcome fromSql(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}

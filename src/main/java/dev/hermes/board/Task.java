package dev.hermes.board;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * A snapshot of one task row. Nullable: {@code assignee, model, provider, maxRuntime,
 * workspace} (not set), {@code claimant, leaseUntil} (no live claim), {@code cooldownUntil} (no
 * rate-limit cooldown), {@code dispatchNote} (nothing stands in the way of a worker). Times are in
 * the database's clock.
 *
 * @param attempt the fencing token of the latest claim (0 = never claimed)
 * @param maxRetries how many consecutive failures block the task
 * @param protocolViolations consecutive runs that ended without finishing the task (own budget)
 * @param dispatchNote why the dispatcher is not starting a worker (a configuration problem of the
 *                     assignee profile, not a failure), or null
 */
public record Task(TaskId id, String title, String body, TaskStatus status, String assignee, int priority,
                   List<String> skills, String model, String provider, Duration maxRuntime, int maxRetries,
                   String workspace, Instant createdAt, Instant updatedAt, String claimant, Instant leaseUntil,
                   long attempt, int consecutiveFailures, Instant cooldownUntil, int protocolViolations,
                   String dispatchNote) {

    /** Runs in a row that end without finishing the task (protocol violations) before it is blocked, as in the original. */
    public static final int PROTOCOL_VIOLATION_LIMIT = 3;

    public Task {
        skills = List.copyOf(skills);
    }
}

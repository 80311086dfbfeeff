package dev.hermes.board;

import java.time.Instant;
import java.util.Objects;

/**
 * A held lease on a task. {@code (taskId, claimant.id, attempt)} is the fence: every write made
 * on the strength of a claim names it, and the store applies the write only while it is still
 * the task's live claim. {@code attempt} increases on every claim of the task, so an old holder
 * can never match again. {@code leaseUntil} is in the database's clock.
 */
public record Claim(TaskId taskId, long attempt, Claimant claimant, Instant leaseUntil, long runId) {

    public Claim {
        Objects.requireNonNull(taskId, "taskId");
        Objects.requireNonNull(claimant, "claimant");
        Objects.requireNonNull(leaseUntil, "leaseUntil");
        if (attempt < 1) {
            throw new IllegalArgumentException("attempt must be >= 1: " + attempt);
        }
    }
}

package dev.hermes.failover;

import java.util.List;

/**
 * No complete answer was possible. The message lists each attempt: route, reason, what
 * happened, elapsed time. {@link #finalReason()} tells the caller what could still help (for
 * example {@link Reason#CONTEXT_OVERFLOW}: compress the conversation and call again).
 */
public final class CallFailedException extends RuntimeException {
    private final transient List<AttemptRecord> attempts;
    private final Reason finalReason;

    public CallFailedException(String summary, Reason finalReason, List<AttemptRecord> attempts) {
        super(message(summary, attempts));
        this.finalReason = finalReason;
        this.attempts = List.copyOf(attempts);
    }

    public List<AttemptRecord> attempts() {
        return attempts;
    }

    public Reason finalReason() {
        return finalReason;
    }

    /** Every attempt failed for rate limits: worth retrying later rather than counting as a failure. */
    public boolean rateLimited() {
        return !attempts.isEmpty() && attempts.stream().allMatch(a -> a.reason() == Reason.RATE_LIMIT);
    }

    private static String message(String summary, List<AttemptRecord> attempts) {
        StringBuilder sb = new StringBuilder(summary);
        for (int i = 0; i < attempts.size(); i++) {
            sb.append("\n  ").append(i + 1).append(". ").append(attempts.get(i).describe());
        }
        return sb.toString();
    }
}

package dev.hermes.failover;

/**
 * Retries left for one provider within one call. Rule: at most {@code maxRetries} retries
 * (credential rotations included, so the worst case stays bounded), and the same failure
 * reason twice in a row on this provider moves the call on, budget or not.
 *
 * <p>One per (call, provider); not thread-safe (a call runs on one thread).
 */
public final class RetryBudget {

    public static final int DEFAULT_RETRIES = 2;

    public enum Verdict {
        /** Try this provider again (after the backoff wait, or without prefill). */
        RETRY,
        /** Try this provider again at once with the next key of its pool. */
        ROTATE,
        /**
         * Stop using this provider for this call; what next (fall back, compress, give up) is the
         * reason's {@link Policy}.
         */
        MOVE_ON
    }

    private final int maxRetries;
    private int used;
    private Reason last;

    public RetryBudget(int maxRetries) {
        if (maxRetries < 0) throw new IllegalArgumentException("maxRetries must be >= 0: " + maxRetries);
        this.maxRetries = maxRetries;
    }

    /**
     * Records a failure on this provider and says what to do next.
     *
     * @param anotherKey whether the provider's credential pool has another usable key
     */
    public Verdict afterFailure(Classification c, boolean anotherKey) {
        Verdict v = verdict(c, anotherKey, used, maxRetries, last);
        last = c.reason();
        if (v != Verdict.MOVE_ON) used++;
        return v;
    }

    /**
     * The rule itself, as a pure function: after {@code used} of {@code max} retries, the last
     * failure on this route being {@code previous} (or null), what to do about {@code c}.
     */
    static Verdict verdict(Classification c, boolean anotherKey, int used, int max, Reason previous) {
        Policy p = c.policy();
        if (used >= max) return Verdict.MOVE_ON;
        if (p.rotate() && anotherKey) return Verdict.ROTATE; // a different key is a different attempt: not "the same failure"
        if (p.retry() == Policy.Retry.NO || c.reason() == previous) return Verdict.MOVE_ON;
        return Verdict.RETRY;
    }

    /** The retry count for {@link Backoff#plan}: 1 for the first retry. */
    public int retriesUsed() {
        return used;
    }

    public int maxRetries() {
        return maxRetries;
    }
}

package dev.hermes.failover;

import dev.hermes.failover.Policy.Breaker;
import dev.hermes.failover.Policy.Fallback;
import dev.hermes.failover.Policy.Retry;

/**
 * Why an attempt failed, each with the policy it implies. The names follow the original's
 * reasons where they exist; stalls, cut streams and the rest are ours.
 */
public enum Reason {
    AUTH(Retry.NO, true, Fallback.AFTER_ROTATION, false, Breaker.IGNORE),
    PERMISSION(Retry.NO, true, Fallback.AFTER_ROTATION, false, Breaker.IGNORE),
    BILLING(Retry.NO, true, Fallback.AFTER_ROTATION, false, Breaker.IGNORE),
    RATE_LIMIT(Retry.BACKOFF, true, Fallback.AFTER_ROTATION, false, Breaker.TRIP),
    OVERLOADED(Retry.BACKOFF, false, Fallback.AFTER_RETRIES, false, Breaker.COUNT),
    SERVER_ERROR(Retry.BACKOFF, false, Fallback.AFTER_RETRIES, false, Breaker.COUNT),
    TIMEOUT(Retry.BACKOFF, false, Fallback.AFTER_RETRIES, false, Breaker.COUNT),
    STALL(Retry.BACKOFF, false, Fallback.AFTER_RETRIES, false, Breaker.COUNT),
    STREAM_CUT(Retry.BACKOFF, false, Fallback.AFTER_RETRIES, false, Breaker.COUNT),
    MALFORMED(Retry.BACKOFF, false, Fallback.AFTER_RETRIES, false, Breaker.COUNT),
    TRANSPORT(Retry.BACKOFF, false, Fallback.AFTER_RETRIES, false, Breaker.COUNT),
    TLS(Retry.NO, false, Fallback.AT_ONCE, false, Breaker.COUNT),
    CONTEXT_OVERFLOW(Retry.NO, false, Fallback.NEVER, true, Breaker.IGNORE),
    PAYLOAD_TOO_LARGE(Retry.NO, false, Fallback.NEVER, true, Breaker.IGNORE),
    MODEL_NOT_FOUND(Retry.NO, false, Fallback.AT_ONCE, false, Breaker.TRIP),
    CONTENT_FILTERED(Retry.NO, false, Fallback.AT_ONCE, false, Breaker.IGNORE),
    REFUSAL(Retry.NO, false, Fallback.AT_ONCE, false, Breaker.IGNORE),
    PREFILL_REJECTED(Retry.WITHOUT_PREFILL, false, Fallback.AFTER_RETRIES, false, Breaker.IGNORE),
    FORMAT_ERROR(Retry.NO, false, Fallback.AT_ONCE, false, Breaker.IGNORE),
    ANSWER_TOO_LARGE(Retry.NO, false, Fallback.AT_ONCE, false, Breaker.IGNORE),
    REBUILD_FAILED(Retry.NO, false, Fallback.AT_ONCE, false, Breaker.COUNT),
    NO_CREDENTIAL(Retry.NO, false, Fallback.AT_ONCE, false, Breaker.IGNORE),
    CANCELLED(Retry.NO, false, Fallback.NEVER, false, Breaker.IGNORE),
    UNKNOWN(Retry.BACKOFF, false, Fallback.AFTER_RETRIES, false, Breaker.COUNT);

    private final Policy policy;

    Reason(Retry retry, boolean rotate, Fallback fallback, boolean compress, Breaker breaker) {
        this.policy = new Policy(retry, rotate, fallback, compress, breaker);
    }

    public Policy policy() {
        return policy;
    }

    /** The reason spelled {@code id} ("rate_limit"), or {@link #UNKNOWN}. */
    public static Reason byId(String id) {
        for (Reason r : values()) if (r.id().equals(id)) return r;
        return UNKNOWN;
    }

    /** The config/log spelling, e.g. "rate_limit". */
    public String id() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}

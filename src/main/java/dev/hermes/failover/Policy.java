package dev.hermes.failover;

import java.util.ArrayList;
import java.util.List;

/**
 * What a failure implies for the call that hit it. The failover orchestration reads these; it
 * does not re-derive them from the failure.
 *
 * @param retry    whether and how to try the same provider again (within its {@link RetryBudget})
 * @param rotate   try the next key of the provider's pool before anything else
 * @param fallback when to move to the next provider of the chain
 * @param compress shrink the conversation and send again (context overflow)
 * @param breaker  how the failure feeds the route's {@link CircuitBreaker}
 */
public record Policy(Retry retry, boolean rotate, Fallback fallback, boolean compress, Breaker breaker) {

    public enum Retry {
        NO,
        /** After a backoff delay, or the provider's Retry-After when it gave one. */
        BACKOFF,
        /** At once, with the assistant prefill removed from the request. */
        WITHOUT_PREFILL
    }

    public enum Fallback {
        /** Never: the failure is about the request, not the provider (or the caller cancelled). */
        NEVER,
        /** Immediately: the same request on this provider cannot succeed. */
        AT_ONCE,
        /** When credential rotation is exhausted. */
        AFTER_ROTATION,
        /** When the retry budget is spent or the same failure happened twice. */
        AFTER_RETRIES
    }

    public enum Breaker {
        /** Says nothing about the route's health (request-specific, or a key the pool benches). */
        IGNORE,
        /** One more consecutive failure. */
        COUNT,
        /** Open at once, for the provider's reset time or an escalating cooldown. */
        TRIP
    }

    /** Nothing to do but report the failure: no retry, no fallback, no compression. */
    public boolean givesUp() {
        return retry == Retry.NO && !rotate && fallback == Fallback.NEVER && !compress;
    }

    /** Short action list for tables and logs, e.g. "retry (backoff), fall back after retries". */
    public String actions() {
        List<String> a = new ArrayList<>();
        switch (retry) {
            case NO -> { }
            case BACKOFF -> a.add("retry (backoff)");
            case WITHOUT_PREFILL -> a.add("retry without prefill");
        }
        if (rotate) a.add("rotate key");
        if (compress) a.add("compress");
        switch (fallback) {
            case NEVER -> { }
            case AT_ONCE -> a.add("fall back at once");
            case AFTER_ROTATION -> a.add("fall back when keys are exhausted");
            case AFTER_RETRIES -> a.add("fall back after retries");
        }
        if (givesUp()) a.add("give up");
        return String.join(", ", a);
    }
}

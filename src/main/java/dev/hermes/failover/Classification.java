package dev.hermes.failover;

import java.time.Duration;
import java.util.Objects;

/**
 * A classified failure: why, what to do, and how long the provider asked us to wait.
 *
 * @param reason     the reason; its {@link Reason#policy()} says what to do
 * @param failure    the failure classified
 * @param rule       the classification rule that matched (the "signal" column of the table in
 *                   docs/resilience.md), for logs
 * @param retryAfter the provider's Retry-After / retry-after-ms, or null
 */
public record Classification(Reason reason, Failure failure, String rule, Duration retryAfter) {

    public Classification {
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(failure, "failure");
        Objects.requireNonNull(rule, "rule");
    }

    public Policy policy() {
        return reason.policy();
    }

    public String describe() {
        // "transport (transport refused: ...)" says transport twice: the failure's words suffice then
        String what = failure.describe();
        return what.startsWith(reason.id()) ? what : reason.id() + " (" + what + ")";
    }
}

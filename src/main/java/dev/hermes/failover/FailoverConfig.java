package dev.hermes.failover;

import java.time.Duration;
import java.util.Objects;

/**
 * What failover is configured to do, as values: retries per route, backoff, breaker and the call
 * deadline. The config package reads it from config.yaml ({@code agent.retries}, {@code
 * failover.*}); tests build it with {@link #builder()}. Failover itself reads no config key.
 *
 * @param retriesPerRoute retries of one route within one call
 * @param backoff         waits between retries
 * @param breaker         circuit breaker thresholds
 * @param callDeadline    the longest one call may take, or null for the bound of its timers
 */
public record FailoverConfig(int retriesPerRoute, Backoff.Config backoff, CircuitBreaker.Config breaker,
                             Duration callDeadline) {

    public static final FailoverConfig DEFAULTS = builder().build();

    public FailoverConfig {
        if (retriesPerRoute < 0) throw new IllegalArgumentException("retriesPerRoute must be >= 0");
        Objects.requireNonNull(backoff, "backoff");
        Objects.requireNonNull(breaker, "breaker");
        if (callDeadline != null && !callDeadline.isPositive()) {
            throw new IllegalArgumentException("callDeadline must be positive: " + callDeadline);
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Starts from the built-in defaults; each setter replaces one value. */
    public static final class Builder {
        private int retriesPerRoute = 2;
        private Duration backoffBase = Backoff.Config.DEFAULTS.base();
        private Duration backoffCap = Backoff.Config.DEFAULTS.cap();
        private Duration retryAfterCap = Backoff.Config.DEFAULTS.retryAfterCap();
        private int breakerFailureThreshold = CircuitBreaker.Config.DEFAULTS.failureThreshold();
        private Duration breakerCooldown = CircuitBreaker.Config.DEFAULTS.cooldown();
        private Duration callDeadline;

        private Builder() {
        }

        public Builder retriesPerRoute(int n) {
            retriesPerRoute = n;
            return this;
        }

        public Builder backoffBase(Duration d) {
            backoffBase = d;
            return this;
        }

        public Builder backoffCap(Duration d) {
            backoffCap = d;
            return this;
        }

        public Builder retryAfterCap(Duration d) {
            retryAfterCap = d;
            return this;
        }

        public Builder breakerFailureThreshold(int n) {
            breakerFailureThreshold = n;
            return this;
        }

        public Builder breakerCooldown(Duration d) {
            breakerCooldown = d;
            return this;
        }

        /** null for no deadline beyond the timers' own bound. */
        public Builder callDeadline(Duration d) {
            callDeadline = d;
            return this;
        }

        public FailoverConfig build() {
            Backoff.Config b = Backoff.Config.DEFAULTS;
            CircuitBreaker.Config c = CircuitBreaker.Config.DEFAULTS;
            return new FailoverConfig(retriesPerRoute, new Backoff.Config(backoffBase, backoffCap, b.jitter(), retryAfterCap),
                    new CircuitBreaker.Config(breakerFailureThreshold, breakerCooldown, c.tripBase(), c.tripMax(),
                            c.probeTimeout()), callDeadline);
        }
    }
}

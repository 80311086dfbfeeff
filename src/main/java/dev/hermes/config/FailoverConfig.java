package dev.hermes.config;

import dev.hermes.failover.Backoff;
import dev.hermes.failover.CircuitBreaker;
import dev.hermes.failover.FailoverSettings;
import dev.hermes.failover.SlowDrip;
import dev.hermes.util.Sourced;

import java.time.Duration;
import java.util.Objects;

/**
 * The failover policy as configured, typed: the retry budgets ({@code agent.retries}, else the
 * original's {@code agent.api_max_retries}; {@code HERMES_STREAM_RETRIES}) and the
 * {@code failover} section, over the failover package's own defaults. {@link ConfigLoader} builds
 * it from config.yaml; {@link Configuration#failover} adds the environment. The composition root
 * turns it into {@code FailoverSettings}, so the failover package never reads a key.
 *
 * @param retriesPerRoute    retries of one route within one call
 * @param streamRetries      retries of a route whose stream failed after its headers (stall, cut,
 *                           malformed): {@code HERMES_STREAM_RETRIES}, else {@code retriesPerRoute}
 * @param backoff            {@code failover.backoff_base_seconds}, {@code backoff_cap_seconds},
 *                           {@code retry_after_cap_seconds}
 * @param breaker            {@code failover.breaker_failure_threshold}, {@code breaker_cooldown_seconds}
 * @param callDeadline       {@code failover.call_deadline_seconds}, or null for none
 * @param moveOnAfterTimeout {@code failover.move_on_after_timeout} (default true)
 * @param maxAnswerChars     {@code failover.max_answer_chars}
 * @param slowDrip           {@code failover.slow_drip_min_chars} and {@code slow_drip_window_seconds},
 *                           or null when the guard is off (the default)
 */
public record FailoverConfig(int retriesPerRoute, int streamRetries, Backoff.Config backoff, CircuitBreaker.Config breaker,
                             Duration callDeadline, boolean moveOnAfterTimeout, long maxAnswerChars, SlowDrip slowDrip) {

    /** The original's variable for retries of a stream that failed after its headers. */
    public static final String STREAM_RETRIES_ENV = "HERMES_STREAM_RETRIES";

    public FailoverConfig {
        if (retriesPerRoute < 0 || streamRetries < 0) throw new IllegalArgumentException("retries must be >= 0");
        Objects.requireNonNull(backoff, "backoff");
        Objects.requireNonNull(breaker, "breaker");
        if (maxAnswerChars < 1) throw new IllegalArgumentException("maxAnswerChars must be positive: " + maxAnswerChars);
    }

    /** What an empty config.yaml and environment mean. */
    public static FailoverConfig defaults() {
        return new FailoverConfig(FailoverSettings.DEFAULT_RETRIES, FailoverSettings.DEFAULT_RETRIES,
                Backoff.Config.DEFAULTS, CircuitBreaker.Config.DEFAULTS, null, true, FailoverSettings.DEFAULT_MAX_ANSWER_CHARS,
                null);
    }

    /**
     * The same policy with {@code HERMES_STREAM_RETRIES} from {@code env}, when set.
     *
     * @throws ConfigException naming the variable and where it was set, for anything but 0 to 100
     */
    FailoverConfig withEnvironment(EnvLayers env) {
        return env.lookup(STREAM_RETRIES_ENV).map(v -> new FailoverConfig(retriesPerRoute, parseRetries(v), backoff,
                breaker, callDeadline, moveOnAfterTimeout, maxAnswerChars, slowDrip)).orElse(this);
    }

    private static int parseRetries(Sourced<String> v) {
        try {
            int n = Integer.parseInt(v.value().trim());
            if (n >= 0 && n <= 100) return n;
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new ConfigException(v.origin().describe() + ": " + STREAM_RETRIES_ENV
                + " must be a whole number from 0 to 100, got \"" + v.value() + "\"");
    }
}

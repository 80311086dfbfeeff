package dev.hermes.provider;

import dev.hermes.stream.StreamTimeouts;
import dev.hermes.util.Origin;
import dev.hermes.util.Sourced;

import java.time.Duration;
import java.util.Objects;

/**
 * The six stream timers of one route, each with where it came from (per model, then per provider,
 * then the global {@code timeouts} section, then environment, then a built-in default; see
 * {@code config.Timeouts}). Meanings are those of {@link StreamTimeouts}. Explicit configuration
 * always wins: {@link #timeouts} raises only values whose origin is a default.
 */
public record ProviderSettings(Sourced<Duration> connectTimeout, Sourced<Duration> headersTimeout,
                               Sourced<Duration> firstContentTimeout, Sourced<Duration> contentIdleTimeout,
                               Sourced<Duration> livenessIdleTimeout, Sourced<Duration> deadline) {

    /** Context sizes above which a default content-idle timeout grows, as in the original. */
    public static final long LARGE_CONTEXT_TOKENS = 50_000, HUGE_CONTEXT_TOKENS = 100_000;
    static final Duration LARGE_CONTEXT_IDLE = Duration.ofSeconds(240), HUGE_CONTEXT_IDLE = Duration.ofSeconds(300);

    public ProviderSettings {
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(headersTimeout, "headersTimeout");
        Objects.requireNonNull(firstContentTimeout, "firstContentTimeout");
        Objects.requireNonNull(contentIdleTimeout, "contentIdleTimeout");
        Objects.requireNonNull(livenessIdleTimeout, "livenessIdleTimeout");
        Objects.requireNonNull(deadline, "deadline");
    }

    /**
     * The watchdog's input for a call whose request holds about {@code contextTokens} tokens. A
     * default content idle is raised to at least 240 s above 50k tokens and 300 s above 100k (big
     * prompts make providers pause longer); a configured one is used as is, smaller or larger.
     * The original applied these floors with max() to explicit settings too, silently ignoring them.
     */
    public StreamTimeouts timeouts(long contextTokens) {
        Duration raise = contextTokens > HUGE_CONTEXT_TOKENS ? HUGE_CONTEXT_IDLE
                : contextTokens > LARGE_CONTEXT_TOKENS ? LARGE_CONTEXT_IDLE : Duration.ZERO;
        // A long prompt slows the first token most of all, so first content is raised with content
        // idle, and a defaulted liveness stays no shorter than both. Explicit settings are never raised.
        Duration first = raised(firstContentTimeout, raise);
        Duration idle = raised(contentIdleTimeout, raise);
        Duration liveness = livenessIdleTimeout.origin() instanceof Origin.Default
                ? max(livenessIdleTimeout.value(), max(first, idle)) : livenessIdleTimeout.value();
        return new StreamTimeouts(connectTimeout.value(), headersTimeout.value(), first, idle, liveness, deadline.value());
    }

    private static Duration raised(Sourced<Duration> timer, Duration floor) {
        return timer.origin() instanceof Origin.Default ? max(timer.value(), floor) : timer.value();
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }
}

package dev.hermes.failover;

import java.time.Duration;
import java.util.Objects;

/**
 * The optional slow-drip guard: a provider that drips a token a second forever never goes idle,
 * so no idle timer fires and only the attempt deadline would end it. With this guard, an attempt
 * whose content (text, reasoning, tool arguments) grew by fewer than {@code minChars} characters
 * over any full {@code window} fails as a stall. Off unless {@code failover.slow_drip_min_chars}
 * is set ({@code failover.slow_drip_window_seconds}, default 60 s).
 */
public record SlowDrip(long minChars, Duration window) {

    public static final Duration DEFAULT_WINDOW = Duration.ofSeconds(60);

    public SlowDrip {
        if (minChars < 1) throw new IllegalArgumentException("minChars must be positive: " + minChars);
        Objects.requireNonNull(window, "window");
        if (!window.isPositive()) throw new IllegalArgumentException("window must be positive: " + window);
    }

    /** Tracks one attempt's content rate; not thread-safe (the caller's thread feeds it). */
    final class Meter {
        private long windowStart;
        private long chars;

        Meter(long startNanos) {
            windowStart = startNanos;
        }

        /**
         * Adds {@code n} content characters received at {@code now}; true when a full window
         * passed with fewer than {@link #minChars} characters in it.
         */
        /** Characters counted in the current window. */
        long chars() {
            return chars;
        }

        boolean tooSlow(long now, long n) {
            chars += n;
            if (now - windowStart < window.toNanos()) return false;
            if (chars < minChars) return true;
            windowStart = now;
            chars = 0;
            return false;
        }
    }

    Meter meter(long startNanos) {
        return new Meter(startNanos);
    }
}

package dev.hermes.board;

import java.time.Duration;

/**
 * Store tuning.
 *
 * @param busyTimeout SQLite: how long a writer waits for another's write lock before failing
 * @param rateLimitCooldown how long a rate-limited task waits before it can be claimed again
 */
public record BoardOptions(Duration busyTimeout, Duration rateLimitCooldown) {

    public static final BoardOptions DEFAULTS = new BoardOptions(Duration.ofSeconds(60), Duration.ofSeconds(300));

    public BoardOptions {
        if (busyTimeout.isNegative() || rateLimitCooldown.isNegative()) {
            throw new IllegalArgumentException("durations must not be negative");
        }
    }

    public BoardOptions withRateLimitCooldown(Duration cooldown) {
        return new BoardOptions(busyTimeout, cooldown);
    }
}

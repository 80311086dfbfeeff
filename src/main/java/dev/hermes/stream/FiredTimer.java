package dev.hermes.stream;

import java.time.Duration;

/**
 * Which watchdog timer ended an attempt, and how long the attempt had been silent (or running,
 * for {@link StallKind#DEADLINE}) when it fired. {@code elapsed - timeout} is the watchdog's lag.
 *
 * @param kind    the timer
 * @param timeout the configured timeout behind it
 * @param elapsed time since the timer's reference point: request sent (HEADERS, DEADLINE), headers
 *                (FIRST_CONTENT), last content delta (CONTENT_IDLE), last byte (LIVENESS_IDLE)
 * @param attempt the attempt label given to {@link StreamWatchdog#watch}
 */
public record FiredTimer(StallKind kind, Duration timeout, Duration elapsed, String attempt) {

    public String describe() {
        return switch (kind) {
            case HEADERS -> "no response headers";
            case FIRST_CONTENT -> "no content after headers";
            case CONTENT_IDLE -> "no content (pings do not count)";
            case LIVENESS_IDLE -> "no bytes at all";
            case DEADLINE -> "attempt deadline passed";
        } + " for " + millis(elapsed) + " (limit " + millis(timeout) + ", " + kind.configKey() + ")";
    }

    private static String millis(Duration d) {
        return d.toMillis() + " ms";
    }
}

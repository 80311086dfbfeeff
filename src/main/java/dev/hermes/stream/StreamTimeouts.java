package dev.hermes.stream;

import java.time.Duration;
import java.util.Objects;

/**
 * The resolved timeouts of one model call attempt. All positive.
 *
 * @param connect      TCP + TLS connect; given to the HTTP client, and part of the watchdog's
 *                     pre-headers bound
 * @param headers      from request sent to response headers (time to first byte)
 * @param firstContent from headers to the first content delta
 * @param contentIdle  longest gap between content deltas once content started; keep-alive pings
 *                     and SSE comments do not reset it (the original's {@code stale_timeout_seconds})
 * @param livenessIdle longest gap with no bytes at all after headers
 * @param deadline     whole attempt, from request sent to the end of the body (the original's
 *                     {@code request_timeout_seconds})
 */
public record StreamTimeouts(Duration connect, Duration headers, Duration firstContent, Duration contentIdle,
                             Duration livenessIdle, Duration deadline) {

    /** Built-in defaults for remote endpoints. */
    public static final StreamTimeouts DEFAULTS = new StreamTimeouts(Duration.ofSeconds(30), Duration.ofSeconds(120),
            Duration.ofSeconds(180), Duration.ofSeconds(180), Duration.ofSeconds(180), Duration.ofSeconds(1800));

    /**
     * Local servers load models lazily, digest long prompts for minutes and think slowly on small
     * hardware, without sending pings: longer content-idle, first-content and liveness defaults.
     */
    public static final Duration LOCAL_CONTENT_IDLE = Duration.ofSeconds(900);

    public StreamTimeouts {
        positive(connect, "connect");
        positive(headers, "headers");
        positive(firstContent, "firstContent");
        positive(contentIdle, "contentIdle");
        positive(livenessIdle, "livenessIdle");
        positive(deadline, "deadline");
    }

    /** Built-in defaults for a remote or a local (loopback / private network) endpoint. */
    public static StreamTimeouts defaults(boolean localEndpoint) {
        return localEndpoint ? DEFAULTS.withContentIdle(LOCAL_CONTENT_IDLE).withFirstContent(LOCAL_CONTENT_IDLE)
                .withLivenessIdle(LOCAL_CONTENT_IDLE) : DEFAULTS;
    }

    /** The same timeout for every timer; for tests. */
    public static StreamTimeouts uniform(Duration d) {
        return new StreamTimeouts(d, d, d, d, d, d);
    }

    public StreamTimeouts withConnect(Duration d) {
        return new StreamTimeouts(d, headers, firstContent, contentIdle, livenessIdle, deadline);
    }

    public StreamTimeouts withHeaders(Duration d) {
        return new StreamTimeouts(connect, d, firstContent, contentIdle, livenessIdle, deadline);
    }

    public StreamTimeouts withFirstContent(Duration d) {
        return new StreamTimeouts(connect, headers, d, contentIdle, livenessIdle, deadline);
    }

    public StreamTimeouts withContentIdle(Duration d) {
        return new StreamTimeouts(connect, headers, firstContent, d, livenessIdle, deadline);
    }

    public StreamTimeouts withLivenessIdle(Duration d) {
        return new StreamTimeouts(connect, headers, firstContent, contentIdle, d, deadline);
    }

    public StreamTimeouts withDeadline(Duration d) {
        return new StreamTimeouts(connect, headers, firstContent, contentIdle, livenessIdle, d);
    }

    /** The timeout behind a watchdog timer. */
    public Duration of(StallKind kind) {
        return switch (kind) {
            case HEADERS -> connect.plus(headers);
            case FIRST_CONTENT -> firstContent;
            case CONTENT_IDLE -> contentIdle;
            case LIVENESS_IDLE -> livenessIdle;
            case DEADLINE -> deadline;
        };
    }

    private static void positive(Duration d, String name) {
        Objects.requireNonNull(d, name);
        if (d.isNegative() || d.isZero()) throw new IllegalArgumentException(name + " timeout must be positive: " + d);
    }
}

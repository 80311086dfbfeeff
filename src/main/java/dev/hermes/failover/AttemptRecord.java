package dev.hermes.failover;

import java.time.Duration;
import java.util.Objects;

/**
 * One step of a call on one route, for the final error, the logs and the transcript: it answered,
 * it failed with a classified failure, or it was skipped without a request.
 */
public sealed interface AttemptRecord {

    /** "provider/model". */
    String route();

    /** The classified reason: why it failed, or why it was skipped; null for the attempt that answered. */
    Reason reason();

    /** What happened in plain words (never a credential). */
    String detail();

    /** Wall time of the attempt; zero for a skipped route. */
    Duration elapsed();

    default boolean succeeded() {
        return this instanceof Answered;
    }

    default String describe() {
        return switch (this) {
            case Answered a -> a.route() + ": answered (" + a.elapsed().toMillis() + " ms)";
            case Failed f -> f.route() + ": " + said(f.reason(), f.detail()) + " (" + f.elapsed().toMillis() + " ms)";
            case Skipped s -> s.route() + ": skipped, " + said(s.reason(), s.detail());
        };
    }

    /** "transport - transport reset: ..." says the reason twice: the detail's own words suffice then. */
    private static String said(Reason reason, String detail) {
        return detail.startsWith(reason.id()) ? detail : reason.id() + " - " + detail;
    }

    record Answered(String route, Duration elapsed) implements AttemptRecord {
        @Override
        public Reason reason() {
            return null;
        }

        @Override
        public String detail() {
            return "answered";
        }
    }

    record Failed(String route, Reason reason, String detail, Duration elapsed) implements AttemptRecord {
        public Failed {
            Objects.requireNonNull(reason, "reason");
        }
    }

    /**
     * No request was sent: the route's breaker was open, or every key was benched for it and a
     * later route could still answer. {@code reason} is what put it there (a rate limit, a stall
     * count), so a call whose every route was rate limited ends as rate limited.
     */
    record Skipped(String route, Reason reason, String detail) implements AttemptRecord {
        public Skipped {
            Objects.requireNonNull(reason, "reason");
        }

        @Override
        public Duration elapsed() {
            return Duration.ZERO;
        }
    }
}

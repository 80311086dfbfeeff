package dev.hermes.failover;

import java.time.Duration;

/**
 * What happens during one failover call, as typed events: the caller emits them, and status
 * lines ({@link StatusLines}), errors.log ({@link ErrorsLog}) and the call's
 * {@link CallObserver} (the session transcript, the proxy's metrics) are listeners. Every
 * {@link AttemptStarted} is followed by exactly one {@link AttemptEnded} for the same attempt,
 * unless the caller is interrupted (then the call ends with {@code InterruptedException}).
 * {@code route} is the route's "provider/model".
 *
 * <p>Each entry of the call's attempt list ({@link CallResult#attempts}) is announced once, as it
 * is added, by the one event that carries it ({@link #recorded}): an attempt that ended, a
 * rebuild that failed, a route skipped without a request.
 */
public sealed interface CallEvent {

    String route();

    /** The attempt-list entry this event adds, or null when it adds none. */
    default AttemptRecord recorded() {
        return switch (this) {
            case AttemptEnded e -> e.record();
            case RebuildFailed r -> r.record();
            case Skipped s -> s.record();
            case AttemptStarted a -> null;
            case Retrying r -> null;
            case Rotating r -> null;
            case MovingOn m -> null;
            case FallingBack f -> null;
            case Deferred d -> null;
            case Restarting r -> null;
        };
    }

    /** Attempt {@code attempt} (1-based within the call) starts; {@code shownChars} already shown when it continues. */
    record AttemptStarted(String route, int attempt, Continuation.Mode mode, int shownChars) implements CallEvent {
    }

    /** The attempt ended: answered ({@code failure} null) or failed. */
    record AttemptEnded(String route, int attempt, AttemptRecord record, Classification failure, String provider,
                        String model) implements CallEvent {
    }

    /** The same route is tried again after {@code delay}. */
    record Retrying(String route, Classification failure, int retry, int max, Duration delay, boolean rebuild)
            implements CallEvent {
    }

    /** The same route is tried again at once with the pool's next key. */
    record Rotating(String route, Reason reason, int retry, int max) implements CallEvent {
    }

    /** The call leaves this route. */
    record MovingOn(String route, String why) implements CallEvent {
    }

    /** The call goes on to this route after earlier ones failed or were skipped. */
    record FallingBack(String route) implements CallEvent {
    }

    /**
     * No request is sent to this route in this call. {@code record} is its attempt-list entry
     * when it has one (its breaker is open), null when it was a route that already failed.
     */
    record Skipped(String route, String why, AttemptRecord.Skipped record) implements CallEvent {
    }

    /** Every key of this route is benched: it is tried after the rest of the chain. */
    record Deferred(String route, String reason, Duration remaining) implements CallEvent {
    }

    /** The partial answer is void; the next attempt starts it over. */
    record Restarting(String route, String why) implements CallEvent {
    }

    /** Fresh connections for the route could not be made (recorded as attempt {@code attempt}); the call moves on. */
    record RebuildFailed(String route, int attempt, AttemptRecord record, String message, Classification failure,
                         String provider, String model) implements CallEvent {
    }
}

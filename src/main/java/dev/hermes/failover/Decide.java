package dev.hermes.failover;

import dev.hermes.provider.Bench;
import dev.hermes.provider.Credential;
import dev.hermes.provider.RouteKey;

import java.time.Duration;
import java.util.Objects;

/**
 * The one decision of the failover: after a failed attempt, what next. A pure function of what
 * happened, the route and the call's state; the caller executes the {@link Next} and applies the
 * decision's reports (the only place breakers and key benches are told anything), so every rule
 * is in this file and can be tested without a socket.
 *
 * <p>Rules, in order: a failure whose policy never falls back ends the call ({@link Next.GiveUp});
 * the route's retry budget ({@link RetryBudget#verdict}) says rotate, retry or move on; a stall or
 * timeout moves on at once while a later route can still answer ({@code failover.move_on_after_timeout},
 * default on: the user should not wait a second timeout for the same silence; the breaker
 * remembers, and the next call tries the route again); a wait longer than the Retry-After cap, or
 * past the call deadline, moves on.
 */
final class Decide {

    /** A rate limit without a reset hint sets the key aside for this long (the original's lone-key cap). */
    static final Duration THROTTLE_BENCH = Duration.ofSeconds(60);
    static final Duration QUOTA_BENCH = Duration.ofHours(1);
    static final Duration AUTH_BENCH = Duration.ofMinutes(5);

    private Decide() {
    }

    /**
     * Everything the decision depends on.
     *
     * @param failure            the classified failure
     * @param route              where it happened
     * @param credential         the key the attempt sent, or null
     * @param anotherKey         whether the route's pool has a key other than {@code credential} not benched for it
     * @param laterRoute         whether a later route of the chain can still be tried
     * @param retriesUsed        retries (and rotations) already spent on this route in this call
     * @param maxRetries         the route's retry budget
     * @param previous           the previous failure's reason on this route in this call, or null
     * @param backoff            the wait the backoff plans for the next retry (a provider's Retry-After included)
     * @param remaining          what is left of the call deadline, or null for none
     * @param moveOnAfterTimeout whether a stall or timeout moves on at once while a later route is left
     * @param retryAfterCap      the longest Retry-After honoured; also the longest throttle bench
     */
    record Situation(Classification failure, RouteKey route, Credential credential, boolean anotherKey,
                     boolean laterRoute, int retriesUsed, int maxRetries, Reason previous, Backoff.Wait backoff,
                     Duration remaining, boolean moveOnAfterTimeout, Duration retryAfterCap) {
        Situation {
            Objects.requireNonNull(failure, "failure");
            Objects.requireNonNull(route, "route");
            Objects.requireNonNull(backoff, "backoff");
            Objects.requireNonNull(retryAfterCap, "retryAfterCap");
        }
    }

    /**
     * What to do, and what to report.
     *
     * @param next    the next step of the call
     * @param breaker the failure to report to the route's breaker (counted, tripping or ignored
     *                per its policy), or null to report nothing yet (a trip waits until the call
     *                moves on, so retries of a throttled route do not reopen it)
     * @param bench   the key bench to apply, or null
     */
    record Decision(Next next, Classification breaker, Bench bench) {
    }

    /** The next step of a call after a failed attempt. */
    sealed interface Next {
        /** Try the same route again after {@code delay}; {@code rebuild} its HTTP client first. */
        record Retry(Duration delay, boolean rebuild) implements Next {
        }

        /** Try the same route again at once with the next key of its pool. */
        record Rotate() implements Next {
        }

        /** Stop using this route for this call; the next route of the chain, if any. */
        record MoveOn(String why) implements Next {
        }

        /** End the call: the failure is about the request (compress and call again) or the caller cancelled. */
        record GiveUp(String why) implements Next {
        }
    }

    static Decision after(Situation s) {
        Classification c = s.failure();
        Bench bench = bench(s);
        RetryBudget.Verdict verdict = RetryBudget.verdict(c, s.anotherKey(), s.retriesUsed(), s.maxRetries(), s.previous());
        String stop = switch (verdict) {
            case MOVE_ON -> "failed: " + c.describe();
            case ROTATE -> null;
            case RETRY -> retryBlocker(s);
        };
        if (stop != null) {
            Next next = c.policy().fallback() == Policy.Fallback.NEVER
                    ? new Next.GiveUp("the request cannot succeed as sent: " + c.describe())
                    : new Next.MoveOn(stop);
            return new Decision(next, c, bench);
        }
        Classification counted = c.policy().breaker() == Policy.Breaker.COUNT ? c : null;
        if (verdict == RetryBudget.Verdict.ROTATE) return new Decision(new Next.Rotate(), counted, bench);
        Duration delay = c.reason() == Reason.PREFILL_REJECTED ? Duration.ZERO : ((Backoff.Wait.Sleep) s.backoff()).duration();
        return new Decision(new Next.Retry(delay, needsRebuild(c.reason())), counted, bench);
    }

    /** Why a retry the budget allows is not made, or null when it is. */
    private static String retryBlocker(Situation s) {
        Classification c = s.failure();
        if (s.moveOnAfterTimeout() && s.laterRoute() && (c.reason() == Reason.STALL || c.reason() == Reason.TIMEOUT)) {
            return c.describe() + "; a later route is left (failover.move_on_after_timeout)";
        }
        if (c.reason() == Reason.PREFILL_REJECTED) return null;
        return switch (s.backoff()) {
            case Backoff.Wait.TooLong(Duration asked) -> c.describe() + " and asks to wait " + seconds(asked);
            case Backoff.Wait.Sleep(Duration d) when s.remaining() != null && d.compareTo(s.remaining()) >= 0 ->
                    c.describe() + "; no time left for a retry within the call deadline";
            case Backoff.Wait.Sleep d -> null;
        };
    }

    /**
     * The bench the evidence supports: a rate limit or quota answer sets the key aside for this
     * route (until the provider's reset hint, never longer than the Retry-After cap: a longer ask
     * moves the call on instead); a rejected key is set aside at this endpoint.
     */
    static Bench bench(Situation s) {
        Classification c = s.failure();
        if (s.credential() == null || !(c.failure() instanceof Failure.HttpError || c.failure() instanceof Failure.StreamError)) {
            return null;
        }
        return switch (c.reason()) {
            case RATE_LIMIT -> {
                Duration hint = c.retryAfter() != null ? c.retryAfter() : THROTTLE_BENCH;
                Duration length = hint.compareTo(s.retryAfterCap()) > 0 ? s.retryAfterCap() : hint;
                yield new Bench(s.route(), Bench.Scope.ROUTE, length, c.reason().id());
            }
            case BILLING -> new Bench(s.route(), Bench.Scope.ROUTE, QUOTA_BENCH, c.reason().id());
            case AUTH, PERMISSION -> new Bench(s.route(), Bench.Scope.ENDPOINT, AUTH_BENCH, c.reason().id());
            default -> null;
        };
    }

    /** "0.4 s" below ten seconds, "3600 s" above: for status lines. */
    static String seconds(Duration d) {
        return d.toMillis() < 10_000 ? String.format("%.1f s", d.toMillis() / 1000.0) : d.toSeconds() + " s";
    }

    /** Stalls and broken connections leave a client in doubt: start the next attempt on fresh connections. */
    static boolean needsRebuild(Reason reason) {
        return switch (reason) {
            case STALL, TRANSPORT, STREAM_CUT, MALFORMED, TIMEOUT -> true;
            default -> false;
        };
    }
}

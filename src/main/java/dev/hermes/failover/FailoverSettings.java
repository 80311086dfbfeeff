package dev.hermes.failover;

import dev.hermes.log.EventLog;
import dev.hermes.stream.StreamWatchdog;
import dev.hermes.util.MonotonicClock;
import dev.hermes.util.Sleeper;

import java.time.Duration;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * The shared machinery and policy a {@link FailoverCaller} runs with, built with {@link #builder}.
 * The composition root ({@code dev.hermes.app.App}) builds production's from the typed
 * configuration, with the process-wide breakers, client pool, watchdog and prefill knowledge;
 * tests build their own with short backoff and private breakers and pools. This package reads no
 * configuration itself.
 *
 * @param retriesPerRoute retries of one route within one call (the {@link RetryBudget})
 * @param streamRetries   the same budget for a stream that failed after its headers (stall, cut,
 *                        malformed): the original's {@code HERMES_STREAM_RETRIES}
 * @param backoff         waits between retries
 * @param breakers        circuit breakers, normally shared by every session in the process
 * @param clients         HTTP clients per route, normally shared
 * @param watchdog        the stream watchdog, normally shared
 * @param prefill         what each route is known to accept
 * @param log             where classified failures are recorded (errors.log)
 * @param session         session id for log lines, or null
 * @param callDeadline    the longest one call may take across all its attempts, waits and
 *                        fallbacks, or null for no limit beyond the routes' own timers (the worst
 *                        case is then {@link WorstCase#bound})
 * @param moveOnAfterTimeout a stall or timeout moves the call to the next route at once while one
 *                        is left, instead of retrying the route that just kept the user waiting
 *                        ({@code failover.move_on_after_timeout}, default true)
 * @param maxAnswerChars  the longest answer one attempt may stream, text, reasoning and tool
 *                        arguments together ({@code failover.max_answer_chars}); past it the
 *                        attempt fails as {@code answer_too_large} and the call moves on
 * @param slowDrip        the optional slow-drip guard, or null (the default: off)
 */
public record FailoverSettings(int retriesPerRoute, int streamRetries, Backoff backoff, CircuitBreakers breakers, ClientFactory clients,
                               StreamWatchdog watchdog, PrefillSupport prefill, MonotonicClock clock, EventLog log,
                               String session, Duration callDeadline, boolean moveOnAfterTimeout,
                               long maxAnswerChars, SlowDrip slowDrip) {

    /** Far above any real answer (the largest output limits are about 128k tokens, some 500k characters). */
    public static final long DEFAULT_MAX_ANSWER_CHARS = 4_000_000;

    /** Retries of one route within one call when nothing says otherwise (the original's default). */
    public static final int DEFAULT_RETRIES = 2;

    public FailoverSettings {
        if (retriesPerRoute < 0 || streamRetries < 0) throw new IllegalArgumentException("retries must be >= 0");
        Objects.requireNonNull(backoff, "backoff");
        Objects.requireNonNull(breakers, "breakers");
        Objects.requireNonNull(clients, "clients");
        Objects.requireNonNull(watchdog, "watchdog");
        Objects.requireNonNull(prefill, "prefill");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(log, "log");
        if (callDeadline != null && !callDeadline.isPositive()) {
            throw new IllegalArgumentException("callDeadline must be positive: " + callDeadline);
        }
        if (maxAnswerChars < 1) throw new IllegalArgumentException("maxAnswerChars must be positive: " + maxAnswerChars);
    }

    /** Settings built from the defaults: see {@link Builder}. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from these settings. */
    public Builder toBuilder() {
        return new Builder().retriesPerRoute(retriesPerRoute).streamRetries(streamRetries).backoff(backoff)
                .breakers(breakers).clients(clients).watchdog(watchdog).prefill(prefill).clock(clock).log(log)
                .session(session).callDeadline(callDeadline).moveOnAfterTimeout(moveOnAfterTimeout)
                .maxAnswerChars(maxAnswerChars).slowDrip(slowDrip);
    }

    /** The same settings with another call deadline (null: none). */
    public FailoverSettings withCallDeadline(Duration deadline) {
        return toBuilder().callDeadline(deadline).build();
    }

    /** The same settings for session {@code id}: the failed attempts it logs name the session. */
    public FailoverSettings withSession(String id) {
        return toBuilder().session(id).build();
    }

    /**
     * Builds {@link FailoverSettings}. Unset parts are the defaults: {@value FailoverSettings#DEFAULT_RETRIES}
     * retries per route, stream retries as many as retries per route, the default backoff with
     * the system's random and sleeper, breakers and prefill knowledge of the settings' own (not
     * the process-wide ones: the composition root passes those), the system clock, no log, no
     * session, no call deadline, moving on after a timeout, the default answer cap and no
     * slow-drip guard. The clients and the watchdog have no default.
     */
    public static final class Builder {
        private int retriesPerRoute = DEFAULT_RETRIES;
        private Integer streamRetries;
        private Backoff backoff;
        private CircuitBreakers breakers;
        private ClientFactory clients;
        private StreamWatchdog watchdog;
        private PrefillSupport prefill;
        private MonotonicClock clock = MonotonicClock.SYSTEM;
        private EventLog log = EventLog.NONE;
        private String session;
        private Duration callDeadline;
        private boolean moveOnAfterTimeout = true;
        private long maxAnswerChars = DEFAULT_MAX_ANSWER_CHARS;
        private SlowDrip slowDrip;

        private Builder() {
        }

        public Builder retriesPerRoute(int n) {
            retriesPerRoute = n;
            return this;
        }

        /** Retries after a stream failure; unset, the same as {@link #retriesPerRoute}. */
        public Builder streamRetries(int n) {
            streamRetries = n;
            return this;
        }

        public Builder backoff(Backoff b) {
            backoff = b;
            return this;
        }

        public Builder breakers(CircuitBreakers b) {
            breakers = b;
            return this;
        }

        public Builder clients(ClientFactory c) {
            clients = c;
            return this;
        }

        public Builder watchdog(StreamWatchdog w) {
            watchdog = w;
            return this;
        }

        public Builder prefill(PrefillSupport p) {
            prefill = p;
            return this;
        }

        public Builder clock(MonotonicClock c) {
            clock = c;
            return this;
        }

        public Builder log(EventLog l) {
            log = l;
            return this;
        }

        public Builder session(String id) {
            session = id;
            return this;
        }

        public Builder callDeadline(Duration d) {
            callDeadline = d;
            return this;
        }

        public Builder moveOnAfterTimeout(boolean moveOn) {
            moveOnAfterTimeout = moveOn;
            return this;
        }

        public Builder maxAnswerChars(long max) {
            maxAnswerChars = max;
            return this;
        }

        /** The slow-drip guard, or null for none. */
        public Builder slowDrip(SlowDrip guard) {
            slowDrip = guard;
            return this;
        }

        /** @throws IllegalArgumentException or NullPointerException naming what is wrong or missing */
        public FailoverSettings build() {
            return new FailoverSettings(retriesPerRoute, streamRetries != null ? streamRetries : retriesPerRoute,
                    backoff != null ? backoff : new Backoff(Backoff.Config.DEFAULTS, RandomGenerator.getDefault(), Sleeper.SYSTEM),
                    breakers != null ? breakers : new CircuitBreakers(CircuitBreaker.Config.DEFAULTS, clock), clients,
                    watchdog, prefill != null ? prefill : new PrefillSupport(), clock, log, session, callDeadline,
                    moveOnAfterTimeout, maxAnswerChars, slowDrip);
        }
    }
}

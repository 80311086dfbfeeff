package dev.hermes.failover;

import dev.hermes.config.ConfigException;
import dev.hermes.config.EnvLayers;
import dev.hermes.config.HermesConfig;
import dev.hermes.log.EventLog;
import dev.hermes.stream.StreamWatchdog;
import dev.hermes.util.MonotonicClock;
import dev.hermes.util.Origin;
import dev.hermes.util.Sleeper;
import dev.hermes.util.Sourced;

import java.time.Duration;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * The shared machinery and policy a {@link FailoverCaller} runs with. Production uses
 * {@link #from}; tests build their own with short backoff and private breakers and pools.
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

    /** Moving on after a timeout, and the default answer cap. */
    public FailoverSettings(int retriesPerRoute, Backoff backoff, CircuitBreakers breakers, ClientFactory clients,
                            StreamWatchdog watchdog, PrefillSupport prefill, MonotonicClock clock, EventLog log,
                            String session, Duration callDeadline) {
        this(retriesPerRoute, retriesPerRoute, backoff, breakers, clients, watchdog, prefill, clock, log, session,
                callDeadline, true, DEFAULT_MAX_ANSWER_CHARS, null);
    }

    public FailoverSettings withCallDeadline(Duration deadline) {
        return new FailoverSettings(retriesPerRoute, streamRetries, backoff, breakers, clients, watchdog, prefill, clock, log, session,
                deadline, moveOnAfterTimeout, maxAnswerChars, slowDrip);
    }

    public FailoverSettings withMoveOnAfterTimeout(boolean moveOn) {
        return new FailoverSettings(retriesPerRoute, streamRetries, backoff, breakers, clients, watchdog, prefill, clock, log, session,
                callDeadline, moveOn, maxAnswerChars, slowDrip);
    }

    public FailoverSettings withMaxAnswerChars(long max) {
        return new FailoverSettings(retriesPerRoute, streamRetries, backoff, breakers, clients, watchdog, prefill, clock, log, session,
                callDeadline, moveOnAfterTimeout, max, slowDrip);
    }

    /** The same settings for session {@code id}: the failed attempts it logs name the session. */
    public FailoverSettings withSession(String id) {
        return new FailoverSettings(retriesPerRoute, streamRetries, backoff, breakers, clients, watchdog, prefill, clock, log,
                id, callDeadline, moveOnAfterTimeout, maxAnswerChars, slowDrip);
    }

    public FailoverSettings withSlowDrip(SlowDrip guard) {
        return new FailoverSettings(retriesPerRoute, streamRetries, backoff, breakers, clients, watchdog, prefill, clock, log,
                session, callDeadline, moveOnAfterTimeout, maxAnswerChars, guard);
    }

    /** The original's variable for retries of a stream that failed after its headers. */
    public static final String STREAM_RETRIES_ENV = "HERMES_STREAM_RETRIES";

    /** {@link #from(HermesConfig, EnvLayers, EventLog, String)} without environment variables. */
    public static FailoverSettings from(HermesConfig config, EventLog log, String session) {
        return from(config, null, log, session);
    }

    /**
     * Production settings from config.yaml and the environment: retries per route from
     * {@code agent.retries}, else the original's {@code agent.api_max_retries} (attempts, so one
     * less retry), else 2; retries after a stream failure from {@code HERMES_STREAM_RETRIES}, else
     * the same; and the {@code failover.*} keys, over the built-in defaults.
     */
    public static FailoverSettings from(HermesConfig config, EnvLayers env, EventLog log, String session) {
        Sourced<Integer> ours = config.agent().retries();
        String original = config.setting("agent.api_max_retries");
        int retries = !(ours.origin() instanceof Origin.Default) || original == null ? ours.value()
                : Math.max(0, Integer.parseInt(original.trim()) - 1);
        int streamRetries = env == null ? retries : env.lookup(STREAM_RETRIES_ENV).map(v -> parseRetries(v)).orElse(retries);
        Backoff.Config b = Backoff.Config.DEFAULTS;
        Backoff.Config backoff = new Backoff.Config(config.seconds("failover.backoff_base_seconds", b.base()),
                config.seconds("failover.backoff_cap_seconds", b.cap()), b.jitter(),
                config.seconds("failover.retry_after_cap_seconds", b.retryAfterCap()));
        CircuitBreaker.Config d = CircuitBreaker.Config.DEFAULTS;
        CircuitBreaker.Config breaker = new CircuitBreaker.Config(
                config.integer("failover.breaker_failure_threshold", d.failureThreshold()),
                config.seconds("failover.breaker_cooldown_seconds", d.cooldown()), d.tripBase(), d.tripMax(),
                d.probeTimeout());
        return new FailoverSettings(retries, streamRetries,
                new Backoff(backoff, RandomGenerator.getDefault(), Sleeper.SYSTEM), CircuitBreakers.shared(breaker),
                ClientPool.shared(), StreamWatchdog.shared(), PrefillSupport.shared(), MonotonicClock.SYSTEM, log, session,
                config.seconds("failover.call_deadline_seconds", null),
                config.bool("failover.move_on_after_timeout", true),
                config.integer("failover.max_answer_chars", (int) DEFAULT_MAX_ANSWER_CHARS),
                config.setting("failover.slow_drip_min_chars") == null ? null
                        : new SlowDrip(config.integer("failover.slow_drip_min_chars", 1),
                        config.seconds("failover.slow_drip_window_seconds", SlowDrip.DEFAULT_WINDOW)));
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

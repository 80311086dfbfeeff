package dev.hermes.failover;

import dev.hermes.config.HermesConfig;
import dev.hermes.log.EventLog;
import dev.hermes.stream.StreamWatchdog;
import dev.hermes.util.MonotonicClock;
import dev.hermes.util.Sleeper;

import java.time.Duration;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * The shared machinery and policy a {@link FailoverCaller} runs with. Production uses
 * {@link #from}; tests build their own with short backoff and private breakers and pools.
 *
 * @param retriesPerRoute retries of one route within one call (the {@link RetryBudget})
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
 */
public record FailoverSettings(int retriesPerRoute, Backoff backoff, CircuitBreakers breakers, ClientPool clients,
                               StreamWatchdog watchdog, PrefillSupport prefill, MonotonicClock clock, EventLog log,
                               String session, Duration callDeadline) {

    public FailoverSettings {
        if (retriesPerRoute < 0) throw new IllegalArgumentException("retriesPerRoute must be >= 0");
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
    }

    public FailoverSettings withCallDeadline(Duration deadline) {
        return new FailoverSettings(retriesPerRoute, backoff, breakers, clients, watchdog, prefill, clock, log, session,
                deadline);
    }

    /** The same machinery, logging under another session or request id. */
    public FailoverSettings withSession(String otherSession) {
        return new FailoverSettings(retriesPerRoute, backoff, breakers, clients, watchdog, prefill, clock, log, otherSession,
                callDeadline);
    }

    /**
     * Production settings from config.yaml: {@code agent.retries} per route and the
     * {@code failover.*} breaker, backoff and call-deadline keys, over the built-in defaults.
     */
    public static FailoverSettings from(HermesConfig config, EventLog log, String session) {
        Backoff.Config b = Backoff.Config.DEFAULTS;
        Backoff.Config backoff = new Backoff.Config(config.seconds("failover.backoff_base_seconds", b.base()),
                config.seconds("failover.backoff_cap_seconds", b.cap()), b.jitter(),
                config.seconds("failover.retry_after_cap_seconds", b.retryAfterCap()));
        CircuitBreaker.Config d = CircuitBreaker.Config.DEFAULTS;
        CircuitBreaker.Config breaker = new CircuitBreaker.Config(
                config.integer("failover.breaker_failure_threshold", d.failureThreshold()),
                config.seconds("failover.breaker_cooldown_seconds", d.cooldown()), d.tripBase(), d.tripMax(),
                d.probeTimeout());
        return new FailoverSettings(config.agent().retries().value(),
                new Backoff(backoff, RandomGenerator.getDefault(), Sleeper.SYSTEM), CircuitBreakers.shared(breaker),
                ClientPool.shared(), StreamWatchdog.shared(), PrefillSupport.shared(), MonotonicClock.SYSTEM, log, session,
                config.seconds("failover.call_deadline_seconds", null));
    }
}

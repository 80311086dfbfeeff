package dev.hermes.failover;

import dev.hermes.log.EventLog;
import dev.hermes.stream.StreamWatchdog;
import dev.hermes.util.MonotonicClock;
import dev.hermes.util.Sleeper;

import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * The shared machinery and policy a {@link FailoverCaller} runs with. Production uses
 * {@link #defaults}; tests swap in their own clock, sleeper, breakers and short backoff.
 *
 * @param retriesPerRoute retries of one route within one call (the {@link RetryBudget})
 * @param backoff         waits between retries
 * @param breakers        circuit breakers, normally shared by every session in the process
 * @param clients         HTTP clients per route, normally shared
 * @param watchdog        the stream watchdog, normally shared
 * @param prefill         what each route is known to accept
 * @param log             where classified failures are recorded (errors.log)
 * @param session         session id for log lines, or null
 */
public record FailoverSettings(int retriesPerRoute, Backoff backoff, CircuitBreakers breakers, ClientPool clients,
                               StreamWatchdog watchdog, PrefillSupport prefill, MonotonicClock clock, EventLog log,
                               String session) {

    public FailoverSettings {
        if (retriesPerRoute < 0) throw new IllegalArgumentException("retriesPerRoute must be >= 0");
        Objects.requireNonNull(backoff, "backoff");
        Objects.requireNonNull(breakers, "breakers");
        Objects.requireNonNull(clients, "clients");
        Objects.requireNonNull(watchdog, "watchdog");
        Objects.requireNonNull(prefill, "prefill");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(log, "log");
    }

    public static FailoverSettings defaults(int retriesPerRoute, EventLog log, String session) {
        return new FailoverSettings(retriesPerRoute,
                new Backoff(Backoff.Config.DEFAULTS, RandomGenerator.getDefault(), Sleeper.SYSTEM),
                CircuitBreakers.shared(), ClientPool.shared(), StreamWatchdog.shared(), PrefillSupport.shared(),
                MonotonicClock.SYSTEM, log, session);
    }

    public FailoverSettings withBackoff(Backoff other) {
        return new FailoverSettings(retriesPerRoute, other, breakers, clients, watchdog, prefill, clock, log, session);
    }
}

package dev.hermes.failover;

import dev.hermes.provider.RouteKey;
import dev.hermes.util.MonotonicClock;

import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The breakers of every provider route, one per {@link RouteKey}. One registry is
 * shared by all sessions of the process ({@link #shared()}), so a route one session found dead
 * is skipped by the others. Thread-safe.
 */
public final class CircuitBreakers {

    private static final class Shared {
        static final CircuitBreakers INSTANCE = new CircuitBreakers(CircuitBreaker.Config.DEFAULTS, MonotonicClock.SYSTEM);
        static final ConcurrentMap<CircuitBreaker.Config, CircuitBreakers> BY_CONFIG = new ConcurrentHashMap<>();
    }

    private final CircuitBreaker.Config config;
    private final MonotonicClock clock;
    private final ConcurrentMap<RouteKey, CircuitBreaker> breakers = new ConcurrentHashMap<>();

    public CircuitBreakers(CircuitBreaker.Config config, MonotonicClock clock) {
        this.config = Objects.requireNonNull(config, "config");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** The process-wide registry with default settings on the system clock. */
    public static CircuitBreakers shared() {
        return Shared.INSTANCE;
    }

    /**
     * The process-wide registry for these settings: every session configured alike shares its
     * breakers, so one session's failures spare the others the same wait.
     */
    public static CircuitBreakers shared(CircuitBreaker.Config config) {
        return config.equals(CircuitBreaker.Config.DEFAULTS) ? Shared.INSTANCE
                : Shared.BY_CONFIG.computeIfAbsent(config, c -> new CircuitBreakers(c, MonotonicClock.SYSTEM));
    }

    public CircuitBreaker forRoute(RouteKey route) {
        return breakers.computeIfAbsent(route, r -> new CircuitBreaker(config, clock));
    }
}

package dev.hermes.failover;

import dev.hermes.provider.Endpoint;
import dev.hermes.util.MonotonicClock;

import java.net.URI;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The breakers of every provider route, one per (provider, base URL, model). One registry is
 * shared by all sessions of the process ({@link #shared()}), so a route one session found dead
 * is skipped by the others. Thread-safe.
 */
public final class CircuitBreakers {

    /** A provider route: the same model at the same provider and URL. */
    public record Route(String provider, URI baseUrl, String model) {
        public Route {
            Objects.requireNonNull(provider, "provider");
            Objects.requireNonNull(baseUrl, "baseUrl");
            Objects.requireNonNull(model, "model");
        }

        public static Route of(Endpoint endpoint, String model) {
            return new Route(endpoint.provider(), endpoint.baseUrl(), model);
        }
    }

    private static final class Shared {
        static final CircuitBreakers INSTANCE = new CircuitBreakers(CircuitBreaker.Config.DEFAULTS, MonotonicClock.SYSTEM);
        static final ConcurrentMap<CircuitBreaker.Config, CircuitBreakers> BY_CONFIG = new ConcurrentHashMap<>();
    }

    private final CircuitBreaker.Config config;
    private final MonotonicClock clock;
    private final ConcurrentMap<Route, CircuitBreaker> breakers = new ConcurrentHashMap<>();

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

    public CircuitBreaker forRoute(Route route) {
        return breakers.computeIfAbsent(route, r -> new CircuitBreaker(config, clock));
    }

    public CircuitBreaker forRoute(Endpoint endpoint, String model) {
        return forRoute(Route.of(endpoint, model));
    }
}

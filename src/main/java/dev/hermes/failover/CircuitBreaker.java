package dev.hermes.failover;

import dev.hermes.util.MonotonicClock;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Health of one provider route, shared by every session in the process. Closed: calls pass and
 * consecutive failures are counted. Open: calls are refused until the cooldown ends. Half-open:
 * exactly one probe call is let through; its success closes the breaker, its failure reopens it.
 *
 * <p>A {@link Policy.Breaker#COUNT} failure adds to the count ({@link Config#failureThreshold}
 * in a row open the breaker for {@link Config#cooldown}). A {@link Policy.Breaker#TRIP} failure
 * (rate limit once keys are exhausted, model not found) opens it at once for the provider's
 * Retry-After if it gave one, else for {@link Config#tripBase} doubling with each consecutive
 * trip up to {@link Config#tripMax}; a success resets the doubling.
 *
 * <p>Thread-safe and lock-free: the state is an immutable value in an AtomicReference.
 */
public final class CircuitBreaker {

    /**
     * @param failureThreshold consecutive counted failures that open the breaker
     * @param cooldown         open time after the threshold is reached
     * @param tripBase         open time after the first trip without a provider reset time
     * @param tripMax          longest open time
     * @param probeTimeout     a half-open probe not reported within this is presumed lost, and
     *                         another caller may probe
     */
    public record Config(int failureThreshold, Duration cooldown, Duration tripBase, Duration tripMax,
                         Duration probeTimeout) {
        public static final Config DEFAULTS = new Config(5, Duration.ofSeconds(30), Duration.ofSeconds(60),
                Duration.ofHours(4), Duration.ofMinutes(35));

        public Config {
            if (failureThreshold < 1) throw new IllegalArgumentException("failureThreshold must be >= 1");
            Objects.requireNonNull(cooldown, "cooldown");
            Objects.requireNonNull(tripBase, "tripBase");
            Objects.requireNonNull(tripMax, "tripMax");
            Objects.requireNonNull(probeTimeout, "probeTimeout");
        }
    }

    /** The breaker's state; {@code trips} counts consecutive trips for the doubling. */
    public sealed interface State {
        record Closed(int failures, int trips) implements State {
        }

        record Open(long untilNanos, int trips) implements State {
        }

        record HalfOpen(long probeStartedNanos, int trips) implements State {
        }
    }

    private final Config config;
    private final MonotonicClock clock;
    private final AtomicReference<State> state = new AtomicReference<>(new State.Closed(0, 0));
    /** The reason of the failure that last opened the breaker, for the record of a skipped route. */
    private volatile Reason openedBy = Reason.UNKNOWN;

    public CircuitBreaker(Config config, MonotonicClock clock) {
        this.config = Objects.requireNonNull(config, "config");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public State state() {
        return state.get();
    }

    /**
     * Asks to make a call. True when closed; when open past its cooldown, true for exactly one
     * caller (the probe), which must then report {@link #onSuccess()} or {@link #onFailure}.
     */
    public boolean tryAcquire() {
        while (true) {
            State s = state.get();
            long now = clock.nanoTime();
            State next;
            switch (s) {
                case State.Closed c -> {
                    return true;
                }
                case State.Open o -> {
                    if (now - o.untilNanos() < 0) return false;
                    next = new State.HalfOpen(now, o.trips());
                }
                case State.HalfOpen h -> {
                    if (now - h.probeStartedNanos() < config.probeTimeout().toNanos()) return false;
                    next = new State.HalfOpen(now, h.trips());
                }
            }
            if (state.compareAndSet(s, next)) return true;
        }
    }

    /** Whether calls are refused right now (open and within its cooldown); a peek that claims no probe. */
    public boolean refusing() {
        return state.get() instanceof State.Open o && o.untilNanos() - clock.nanoTime() > 0;
    }

    /** The reason of the failure that last opened the breaker ({@link Reason#UNKNOWN} before any). */
    public Reason openedBy() {
        return openedBy;
    }

    /** How long until a call may be tried again (zero when closed or probe-ready). */
    public Duration remainingOpen() {
        return state.get() instanceof State.Open o
                ? Duration.ofNanos(Math.max(0, o.untilNanos() - clock.nanoTime())) : Duration.ZERO;
    }

    /** A call on this route succeeded. */
    public void onSuccess() {
        state.set(new State.Closed(0, 0));
    }

    /** A call on this route failed; how it counts is the classification's breaker policy. */
    public void onFailure(Classification c) {
        while (true) {
            State s = state.get();
            long now = clock.nanoTime();
            State next = switch (c.policy().breaker()) {
                // says nothing about health; a probe that ended this way lets the next caller probe
                case IGNORE -> s instanceof State.HalfOpen h ? new State.Open(now, h.trips()) : s;
                case COUNT -> switch (s) {
                    case State.Closed cl -> cl.failures() + 1 >= config.failureThreshold()
                            ? new State.Open(now + config.cooldown().toNanos(), cl.trips())
                            : new State.Closed(cl.failures() + 1, cl.trips());
                    case State.Open o -> o;
                    case State.HalfOpen h -> new State.Open(now + config.cooldown().toNanos(), h.trips());
                };
                case TRIP -> trip(s, now, c.retryAfter());
            };
            if (next == s) return;
            if (state.compareAndSet(s, next)) {
                if (next instanceof State.Open && !(s instanceof State.Open)) openedBy = c.reason();
                return;
            }
        }
    }

    private State trip(State s, long now, Duration retryAfter) {
        int trips = switch (s) {
            case State.Closed cl -> cl.trips();
            case State.Open o -> o.trips() - 1; // already open: concurrent reports do not double again
            case State.HalfOpen h -> h.trips();
        } + 1;
        Duration open = retryAfter != null ? retryAfter : doubled(trips);
        if (open.compareTo(config.tripMax()) > 0) open = config.tripMax();
        long until = now + open.toNanos();
        if (s instanceof State.Open o && o.untilNanos() - until >= 0) return s;
        return new State.Open(until, trips);
    }

    private Duration doubled(int trips) {
        Duration d = config.tripBase();
        for (int i = 1; i < trips && d.compareTo(config.tripMax()) < 0; i++) d = d.multipliedBy(2);
        return d;
    }
}

package dev.hermes.tools;

import dev.hermes.util.MonotonicClock;

/** Calls an activity hook at most once a second, however often progress is reported. Thread-safe. */
final class Throttle {

    private static final long INTERVAL_NANOS = 1_000_000_000L;

    private final Runnable hook;
    private final MonotonicClock clock;
    private long last;

    Throttle(Runnable hook, MonotonicClock clock) {
        this.hook = hook;
        this.clock = clock;
        this.last = clock.nanoTime() - INTERVAL_NANOS;
    }

    synchronized void tick() {
        long now = clock.nanoTime();
        if (now - last < INTERVAL_NANOS) return;
        last = now;
        hook.run();
    }
}

package dev.hermes.util;

/**
 * A monotonic time source in nanoseconds. Every timer in the project takes one, so tests can use
 * a controllable clock instead of sleeping.
 */
@FunctionalInterface
public interface MonotonicClock {

    MonotonicClock SYSTEM = System::nanoTime;

    long nanoTime();

    default long millisSince(long startNanos) {
        return (nanoTime() - startNanos) / 1_000_000L;
    }
}

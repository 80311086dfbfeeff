package dev.hermes.sim;

import dev.hermes.util.MonotonicClock;
import dev.hermes.util.Sleeper;

import java.util.Objects;

/**
 * How a {@link SimServer} runs.
 *
 * @param requiredKey when non-null, model calls and {@code /models} need
 *                    {@code Authorization: Bearer KEY} or {@code x-api-key: KEY}; never printed
 * @param clock       time source for the log and the {@code down} window
 * @param sleeper     waits between chunks and before slow first tokens
 */
public record SimOptions(String requiredKey, MonotonicClock clock, Sleeper sleeper) {

    public SimOptions {
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(sleeper, "sleeper");
        if (requiredKey != null && requiredKey.isBlank()) throw new IllegalArgumentException("required key is blank");
    }

    public static SimOptions defaults() {
        return new SimOptions(null, MonotonicClock.SYSTEM, Sleeper.SYSTEM);
    }

    public SimOptions withRequiredKey(String key) {
        return new SimOptions(key, clock, sleeper);
    }

    /** Redacts the key: options end up in test output and error messages. */
    @Override
    public String toString() {
        return "SimOptions[requiredKey=" + (requiredKey == null ? "none" : "<redacted>") + "]";
    }
}

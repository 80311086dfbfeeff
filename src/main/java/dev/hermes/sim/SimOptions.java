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
 * @param oneRequestPerConnection when true, every response says {@code Connection: close} and the
 *                    connection ends after it; by default a connection serves request after
 *                    request, as a real provider's does
 */
public record SimOptions(String requiredKey, MonotonicClock clock, Sleeper sleeper, boolean oneRequestPerConnection) {

    public SimOptions {
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(sleeper, "sleeper");
        if (requiredKey != null && requiredKey.isBlank()) throw new IllegalArgumentException("required key is blank");
    }

    public SimOptions(String requiredKey, MonotonicClock clock, Sleeper sleeper) {
        this(requiredKey, clock, sleeper, false);
    }

    public static SimOptions defaults() {
        return new SimOptions(null, MonotonicClock.SYSTEM, Sleeper.SYSTEM);
    }

    public SimOptions withRequiredKey(String key) {
        return new SimOptions(key, clock, sleeper, oneRequestPerConnection);
    }

    /** Every connection ends after one response, as a server that never keeps connections alive. */
    public SimOptions withOneRequestPerConnection() {
        return new SimOptions(requiredKey, clock, sleeper, true);
    }

    /** Redacts the key: options end up in test output and error messages. */
    @Override
    public String toString() {
        return "SimOptions[requiredKey=" + (requiredKey == null ? "none" : "<redacted>") + ", oneRequestPerConnection="
                + oneRequestPerConnection + "]";
    }
}

package dev.hermes.config;

import dev.hermes.util.Sourced;

import java.time.Duration;

/** Timeouts configured at one level (a provider, or one model of it); null parts are unset. */
public record Timeouts(Sourced<Duration> stale, Sourced<Duration> request, Sourced<Duration> connect) {
    public static final Timeouts NONE = new Timeouts(null, null, null);
}

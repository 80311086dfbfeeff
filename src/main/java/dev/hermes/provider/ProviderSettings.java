package dev.hermes.provider;

import dev.hermes.util.Sourced;

import java.time.Duration;
import java.util.Objects;

/**
 * Timeouts for one route, each with where it came from (per model, then per provider, then
 * environment, then default). Explicit configuration always wins: nothing raises a configured
 * value behind the user's back.
 *
 * @param staleTimeout   no parsed stream event for this long means the stream stalled
 * @param requestTimeout budget for a whole call
 * @param connectTimeout TCP+TLS connect budget
 */
public record ProviderSettings(Sourced<Duration> staleTimeout, Sourced<Duration> requestTimeout,
                               Sourced<Duration> connectTimeout) {
    public ProviderSettings {
        Objects.requireNonNull(staleTimeout, "staleTimeout");
        Objects.requireNonNull(requestTimeout, "requestTimeout");
        Objects.requireNonNull(connectTimeout, "connectTimeout");
    }
}

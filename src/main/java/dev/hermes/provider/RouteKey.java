package dev.hermes.provider;

import java.net.URI;
import java.util.Objects;

/**
 * The identity of a route: the same model, spoken to in the same wire format, at the same
 * provider and base URL. One value for everything that remembers something about a route:
 * circuit breakers, the HTTP client pool, prefill knowledge, key benches and the "identical
 * route" check of a fallback chain. Keys, timeouts and headers are not part of it.
 */
public record RouteKey(String provider, URI baseUrl, WireApi wire, String model) {

    public RouteKey {
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(baseUrl, "baseUrl");
        Objects.requireNonNull(wire, "wire");
        Objects.requireNonNull(model, "model");
    }

    public static RouteKey of(Endpoint endpoint, String model) {
        return new RouteKey(endpoint.provider(), endpoint.baseUrl(), endpoint.wire(), model);
    }

    /** The same provider at the same base URL (any wire, any model): where an auth rejection applies. */
    public boolean sameEndpoint(RouteKey other) {
        return provider.equals(other.provider) && baseUrl.equals(other.baseUrl);
    }

    /** "minimax/MiniMax-M2.7", for status lines. */
    public String describe() {
        return provider + "/" + model;
    }
}

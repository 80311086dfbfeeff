package dev.hermes.provider;

import java.time.Duration;
import java.util.Objects;

/**
 * A key set aside for a while because the provider rejected or throttled it. The scope follows
 * the evidence: a rate limit or quota answer is about this key on this route (another model at
 * the same provider may well answer), an authentication answer is about this key at this endpoint.
 * A bench only changes which key is tried first; it never makes a route unreachable by itself.
 *
 * @param route  the route the rejection came from
 * @param scope  what the rejection says about the key
 * @param length how long the key is set aside
 * @param reason the classified reason, for messages ("rate_limit")
 */
public record Bench(RouteKey route, Scope scope, Duration length, String reason) {

    public enum Scope {
        /** This key for this route only (rate limits, quotas: per model at many providers). */
        ROUTE,
        /** This key at this provider and base URL, any model (a rejected key). */
        ENDPOINT
    }

    public Bench {
        Objects.requireNonNull(route, "route");
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(length, "length");
        Objects.requireNonNull(reason, "reason");
    }

    /** Whether this bench applies to requests on {@code other}. */
    public boolean covers(RouteKey other) {
        return scope == Scope.ROUTE ? route.equals(other) : route.sameEndpoint(other);
    }

    /** Every key of a source is benched for a route: why, and for how much longer. */
    public record Until(String reason, Duration remaining) {
    }
}

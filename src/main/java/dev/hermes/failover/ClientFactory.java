package dev.hermes.failover;

import dev.hermes.provider.ModelClient;
import dev.hermes.provider.Route;

/**
 * Where the failover gets a wire client for a route, and how it gets fresh connections after a
 * stall or a broken stream. Production: {@link ClientPool}; tests may script clients in memory.
 */
public interface ClientFactory {

    /** A client for the route; not to be closed by the caller. */
    ModelClient clientFor(Route route);

    /**
     * Fresh connections for the route, checking that a key can be resolved now.
     *
     * @throws RuntimeException when it cannot (the caller routes that as {@code rebuild_failed})
     */
    void rebuild(Route route);
}

package dev.hermes.failover;

import dev.hermes.provider.CredentialSource;
import dev.hermes.provider.ModelClient;
import dev.hermes.provider.clients.ModelClients;
import dev.hermes.provider.Route;
import dev.hermes.provider.RouteKey;
import dev.hermes.provider.http.HttpEngine;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One HTTP client per route ({@link RouteKey}), shared by every call in the process, and rebuilt after a stall or a
 * transport failure.
 *
 * <p>A rebuild builds a fresh HTTP client (new connections) for the route's own wire API and
 * checks that a credential can be resolved right now from the route's pool. Calls already
 * streaming on the old client keep going: it is shut down gracefully, refusing new requests
 * while letting those finish. Wire clients ask the pool for a key on every request, so nothing
 * credential-related is cached here (the first seed's bug was a rebuild from cached arguments).
 * A rebuild that cannot resolve a key throws, and the caller routes that as a failure.
 */
public final class ClientPool implements ClientFactory, AutoCloseable {

    private static final ClientPool SHARED = new ClientPool();

    private final Map<RouteKey, HttpEngine> clients = new ConcurrentHashMap<>();

    public static ClientPool shared() {
        return SHARED;
    }

    /**
     * A wire client for the route; cheap, so one is made per attempt. Not to be closed by the
     * caller. It asks the route's pool for a key per request, for this route: a key benched here
     * moves to the back.
     */
    @Override
    public ModelClient clientFor(Route route) {
        HttpEngine http = clients.computeIfAbsent(route.key(), k -> HttpEngine.create(route.endpoint().connectTimeout()));
        RouteKey key = route.key();
        CredentialSource forRoute = () -> route.credentials().acquire(key);
        return ModelClients.create(route.endpoint(), forRoute, http);
    }

    /**
     * Replaces the route's HTTP client with a new one after checking a key can be resolved.
     *
     * @throws RuntimeException (typically {@code MissingCredentialException}) when the route has
     *                          no usable key now; the old client is retired all the same
     */
    @Override
    public void rebuild(Route route) {
        HttpEngine old = clients.remove(route.key());
        if (old != null) old.shutdown();
        route.credentials().acquire(route.key());
    }

    @Override
    public void close() {
        clients.values().forEach(HttpEngine::shutdownNow);
        clients.clear();
    }
}

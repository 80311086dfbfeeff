package dev.hermes.failover;

import dev.hermes.provider.CredentialSource;
import dev.hermes.provider.ModelClient;
import dev.hermes.provider.ModelClients;
import dev.hermes.provider.Route;
import dev.hermes.provider.RouteKey;

import java.net.http.HttpClient;
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

    private final Map<RouteKey, HttpClient> clients = new ConcurrentHashMap<>();

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
        HttpClient http = clients.computeIfAbsent(route.key(), k -> newHttpClient(route));
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
        HttpClient old = clients.remove(route.key());
        if (old != null) old.shutdown();
        route.credentials().acquire(route.key());
    }

    private static HttpClient newHttpClient(Route route) {
        return HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(route.endpoint().connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    @Override
    public void close() {
        clients.values().forEach(HttpClient::shutdownNow);
        clients.clear();
    }
}

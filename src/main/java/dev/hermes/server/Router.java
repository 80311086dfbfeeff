package dev.hermes.server;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Exact method-and-path routes. An unknown path gets the fallback (a plain 404 unless set), a
 * known path with another method a 405: API clients want a clear status, not a guess.
 */
public final class Router {

    private final Map<String, Map<String, Handler>> routes = new ConcurrentHashMap<>();
    private volatile Handler notFound = ex -> ex.respond(404, "text/plain; charset=utf-8", "not found\n");

    public Router get(String path, Handler handler) {
        return add("GET", path, handler);
    }

    public Router post(String path, Handler handler) {
        return add("POST", path, handler);
    }

    public Router add(String method, String path, Handler handler) {
        routes.computeIfAbsent(path, p -> new ConcurrentHashMap<>()).put(method, handler);
        return this;
    }

    /** What answers a path no route names. */
    public Router notFound(Handler handler) {
        this.notFound = handler;
        return this;
    }

    Handler find(String method, String path) {
        Map<String, Handler> byMethod = routes.get(path);
        if (byMethod == null) return notFound;
        Handler h = byMethod.get(method);
        if (h != null) return h;
        if (method.equals("HEAD") && byMethod.containsKey("GET")) return byMethod.get("GET");
        return ex -> ex.respond(405, "text/plain; charset=utf-8", "method not allowed\n");
    }
}

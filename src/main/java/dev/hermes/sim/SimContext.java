package dev.hermes.sim;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** State shared by all connections of one {@link SimServer}. Thread-safe. */
final class SimContext {

    final SimOptions options;
    final AttemptLog log = new AttemptLog();
    final ModelState state = new ModelState();
    final Map<String, SimScript> scripts = new ConcurrentHashMap<>();
    private final long startNanos;

    SimContext(SimOptions options) {
        this.options = options;
        this.startNanos = options.clock().nanoTime();
        WorkerScripts.all().forEach(s -> scripts.put(s.name(), s));
    }

    long elapsedMs() {
        return options.clock().millisSince(startNanos);
    }

    /** Which auth headers a request carries, by kind only. */
    static List<String> authKinds(RawHttp.Request r) {
        List<String> kinds = new ArrayList<>();
        String authz = r.header("authorization");
        if (authz != null) kinds.add(authz.regionMatches(true, 0, "Bearer ", 0, 7) ? "bearer" : "authorization");
        if (r.header("x-api-key") != null) kinds.add("x-api-key");
        return kinds;
    }

    /** True when no key is required or either header carries it (compared in constant time). */
    boolean authorized(RawHttp.Request r) {
        String key = options.requiredKey();
        if (key == null) return true;
        String authz = r.header("authorization");
        String bearer = authz != null && authz.regionMatches(true, 0, "Bearer ", 0, 7) ? authz.substring(7).trim() : null;
        return same(bearer, key) || same(r.header("x-api-key"), key);
    }

    private static boolean same(String given, String key) {
        return given != null && MessageDigest.isEqual(given.getBytes(StandardCharsets.UTF_8),
                key.getBytes(StandardCharsets.UTF_8));
    }
}

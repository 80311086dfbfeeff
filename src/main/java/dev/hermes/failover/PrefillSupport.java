package dev.hermes.failover;

import dev.hermes.provider.Route;
import dev.hermes.provider.RouteKey;
import dev.hermes.provider.WireApi;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which routes can continue a partial answer from an assistant prefill. Anthropic's Messages API
 * continues a final assistant message by design; the chat-completions API has no such contract,
 * so those routes restart instead. A route that rejects a prefill once is remembered for the rest
 * of the process, so the next call does not pay for the same 400.
 */
public final class PrefillSupport {

    private static final PrefillSupport SHARED = new PrefillSupport();

    private final Set<RouteKey> rejected = ConcurrentHashMap.newKeySet();

    public static PrefillSupport shared() {
        return SHARED;
    }

    public boolean accepts(Route route) {
        return route.endpoint().wire() == WireApi.ANTHROPIC_MESSAGES && !rejected.contains(route.key());
    }

    public void rejectedBy(Route route) {
        rejected.add(route.key());
    }
}

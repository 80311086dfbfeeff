package dev.hermes.provider;

import dev.hermes.stream.AttemptListener;

/**
 * What a wire client reports about one attempt: the stream-level life signs of
 * {@link AttemptListener} (which the watchdog and the SSE reader hear), and the key the request
 * sends, so the failover can charge a rejection to that key.
 *
 * <p>Called on the thread making the call; implementations must be fast and must not throw.
 */
public interface WireListener extends AttemptListener {

    WireListener NONE = new WireListener() {
    };

    /** The key this request sends (null for keyless providers), so a rejection can be charged to it. */
    default void credentialUsed(Credential credential) {
    }
}

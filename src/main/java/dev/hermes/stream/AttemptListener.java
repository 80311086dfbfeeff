package dev.hermes.stream;

import dev.hermes.provider.Credential;

/**
 * Life signs of one HTTP attempt, reported by a wire client as they happen. The stream watchdog
 * implements it to run its timers and to hold the means of aborting the attempt.
 *
 * <p>Called on the thread making the call; implementations must be fast and must not throw.
 */
public interface AttemptListener {

    AttemptListener NONE = new AttemptListener() {
    };

    /**
     * The request is about to be sent. {@code abort} cancels the exchange (connect or waiting for
     * headers); the blocked caller then fails with a {@link StreamClosedException}.
     */
    default void requestStarted(Runnable abort) {
    }

    /** The key this request sends (null for keyless providers), so a rejection can be charged to it. */
    default void credentialUsed(Credential credential) {
    }

    /** Response headers arrived. From now on {@code abort} closes the response body. */
    default void headersReceived(int status, Runnable abort) {
    }

    /** {@code count} bytes of body arrived (any bytes: pings and comments count here). */
    default void bytesReceived(int count) {
    }
}

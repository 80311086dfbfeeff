package dev.hermes.stream;

/**
 * Life signs of one HTTP attempt, reported by a wire client as they happen. The stream watchdog
 * implements it to run its timers and to hold the means of aborting the attempt. (The wire
 * client's own listener, {@code dev.hermes.provider.WireListener}, adds what only the provider
 * level knows: the key sent.)
 *
 * <p>Called on the thread making the call; implementations must be fast and must not throw.
 */
public interface AttemptListener {

    AttemptListener NONE = new AttemptListener() {
    };

    /**
     * The request is about to be sent. {@code abort} cancels the exchange (connect or waiting for
     * headers); the blocked caller then fails with a
     * {@code dev.hermes.provider.StreamClosedException}.
     */
    default void requestStarted(Runnable abort) {
    }

    /** Response headers arrived. From now on {@code abort} closes the response body. */
    default void headersReceived(int status, Runnable abort) {
    }

    /** {@code count} bytes of body arrived (any bytes: pings and comments count here). */
    default void bytesReceived(int count) {
    }
}

package dev.hermes.provider;

import java.io.IOException;

/** The stream was closed on our side (watchdog, cancellation) while or before it was read. */
public final class StreamClosedException extends IOException {
    public StreamClosedException(String message) {
        super(message);
    }
}

package dev.hermes.server;

import java.io.IOException;

/** A request body over the server's limit; the handler answers 413 in its own format. */
public final class BodyTooLargeException extends IOException {
    private final long limit;

    public BodyTooLargeException(long limit) {
        super("request body exceeds the limit of " + limit + " bytes");
        this.limit = limit;
    }

    public long limit() {
        return limit;
    }
}

package dev.hermes.stream;

import java.io.IOException;

/** The provider sent bytes that are not valid for its wire format (bad JSON chunk, bad event). */
public final class MalformedStreamException extends IOException {
    private final String excerpt;

    public MalformedStreamException(String message, String excerpt, Throwable cause) {
        super(message, cause);
        this.excerpt = excerpt;
    }

    /** The offending payload, cut to a few hundred characters. */
    public String excerpt() {
        return excerpt;
    }
}

package dev.hermes.provider.http;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpHeaders;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * A response whose headers arrived and whose body is still to be read.
 *
 * <p>{@link #close()} may be called from any thread: it closes the body, which unblocks a reader
 * within milliseconds (the JDK client's body stream wakes its reader on close). A reader that then
 * sees an end of input or an exception checks {@link #isClosed()} to tell our close from the
 * server's.
 */
public final class OpenResponse implements AutoCloseable {
    private final int status;
    private final HttpHeaders headers;
    private final InputStream body;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Consumer<OpenResponse> onClose;

    OpenResponse(int status, HttpHeaders headers, InputStream body, Consumer<OpenResponse> onClose) {
        this.status = status;
        this.headers = headers;
        this.body = body;
        this.onClose = onClose;
    }

    public int status() {
        return status;
    }

    public HttpHeaders headers() {
        return headers;
    }

    /** The body; read it from one thread. */
    public InputStream body() {
        return body;
    }

    public boolean isClosed() {
        return closed.get();
    }

    /** Idempotent and thread-safe. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) return;
        try {
            body.close();
        } catch (IOException ignored) {
            // the connection is being dropped anyway
        }
        onClose.accept(this);
    }
}

package dev.hermes.provider.http;

import java.io.InputStream;
import java.net.http.HttpHeaders;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * A response whose headers arrived and whose body is still to be read.
 *
 * <p>{@link #close()} may be called from any thread: it drops the exchange, which unblocks a reader
 * within milliseconds (every {@link HttpEngine} guarantees it). A reader that then
 * sees an end of input or an exception checks {@link #isClosed()} to tell our close from the
 * server's.
 */
public final class OpenResponse implements AutoCloseable {
    private final HttpEngine.Head head;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Consumer<OpenResponse> onClose;

    OpenResponse(HttpEngine.Head head, Consumer<OpenResponse> onClose) {
        this.head = head;
        this.onClose = onClose;
    }

    public int status() {
        return head.status();
    }

    public HttpHeaders headers() {
        return head.headers();
    }

    /** The body; read it from one thread. */
    public InputStream body() {
        return head.body();
    }

    public boolean isClosed() {
        return closed.get();
    }

    /** Idempotent and thread-safe. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) return;
        head.close();
        onClose.accept(this);
    }
}

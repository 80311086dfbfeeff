package dev.hermes.provider;

import dev.hermes.llm.StreamEvent;
import dev.hermes.stream.MalformedStreamException;

import java.io.IOException;

/**
 * The events of one open streaming response.
 *
 * <p>Threading: {@link #next()} is called by one reading thread. {@link #close()} may be called
 * from any thread at any time (the watchdog does) and unblocks a reader waiting in {@code next()}
 * within milliseconds; that reader then gets a {@link StreamClosedException}, never a normal end.
 */
public interface EventStream extends AutoCloseable {

    /**
     * Blocks for the next event.
     *
     * @return the next event, or null when the body ended (whether a {@link StreamEvent.Finish}
     *         came before it is the caller's to check)
     * @throws StreamClosedException when {@link #close()} was called before or during the read
     * @throws IOException on transport failures (reset, TLS) while reading
     * @throws MalformedStreamException when the bytes cannot be parsed as the wire format
     */
    StreamEvent next() throws IOException;

    /** Idempotent and thread-safe; releases the connection. */
    @Override
    void close();
}

package dev.hermes.server;

import java.io.IOException;

/**
 * A {@code text/event-stream} response. Each call writes and flushes one event, so the client
 * sees it at once; a write to a client that went away throws {@link IOException}. Thread-safe:
 * a keep-alive timer may write comments while the handler writes events.
 */
public interface SseStream {

    /** One event: an optional {@code event:} name (null for none) and its data (one line or several). */
    default void event(String name, String data) throws IOException {
        event(null, name, data);
    }

    /**
     * One event with an {@code id:} (null for none), which a browser's EventSource sends back as
     * {@code Last-Event-ID} when it reconnects, so the stream can resume where it was.
     */
    void event(String id, String name, String data) throws IOException;

    /** An unnamed {@code data:} event. */
    default void data(String data) throws IOException {
        event(null, data);
    }

    /** A comment line ({@code : text}): keeps proxies and idle timers from closing a quiet stream. */
    void comment(String text) throws IOException;
}

package dev.hermes.provider;

import dev.hermes.llm.ChatRequest;
import dev.hermes.llm.ChatResponse;

/**
 * A client for one provider endpoint in one wire format. Implementations resolve the credential
 * for every request they build (never once at construction), so a rotated or re-read key is used
 * by the next request.
 *
 * <p>Thread-safe: one client serves many concurrent calls.
 */
public interface ModelClient extends AutoCloseable {

    /** Provider id this client talks to, e.g. "minimax". */
    String provider();

    /**
     * Sends a streaming request and returns once 2xx response headers arrived.
     *
     * @throws ModelCallException for a non-2xx response (with its parsed {@code ApiError}) or a
     *                            transport failure before headers
     */
    EventStream openStream(ChatRequest request, WireListener listener);

    /** Sends a non-streaming request and returns the whole answer. */
    ChatResponse complete(ChatRequest request, WireListener listener);

    /** Releases connections. In-flight streams are closed. */
    @Override
    void close();
}

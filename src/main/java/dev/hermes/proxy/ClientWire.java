package dev.hermes.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hermes.llm.ChatRequest;
import dev.hermes.llm.ChatResponse;
import dev.hermes.llm.Usage;
import dev.hermes.server.SseStream;

import java.io.IOException;

/**
 * One wire format a client speaks to the proxy: how its requests read, and how answers, streams
 * and errors are written back. The provider behind may speak the other wire: everything passes
 * through the neutral {@link ChatRequest} / {@link ChatResponse}.
 */
sealed interface ClientWire permits OpenAiWire, AnthropicWire {

    /** "openai" or "anthropic", for logs and metrics. */
    String name();

    /** A request as the client sent it. */
    record Parsed(String model, ChatRequest request, boolean stream, boolean includeUsage) {
    }

    /** @throws BadRequestException for anything this wire or the neutral model cannot carry */
    Parsed parse(JsonNode body);

    /** The status for "too many requests in flight": 429 (OpenAI) or 529 overloaded (Anthropic). */
    int overloadStatus();

    /** An error body in this wire's shape. */
    String errorBody(int status, String message);

    /** A complete non-streaming answer. */
    String response(String id, String model, ChatResponse answer, Usage usage);

    /** Starts writing a streamed answer. */
    StreamWriter stream(SseStream sse, String id, String model, boolean includeUsage) throws IOException;

    /** A streamed answer in this wire's events; each method writes and flushes. */
    interface StreamWriter {
        void text(String delta) throws IOException;

        void reasoning(String delta) throws IOException;

        /** The tool calls (each complete), the finish reason, usage and the terminal event. */
        void finish(ChatResponse answer, Usage usage) throws IOException;

        /** The terminal error event, after which nothing more is written. */
        void error(int status, String message) throws IOException;
    }
}

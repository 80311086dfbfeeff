package dev.hermes.provider.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hermes.llm.ChatResponse;
import dev.hermes.llm.FinishReason;
import dev.hermes.llm.StreamEvent;
import dev.hermes.provider.EventStream;
import dev.hermes.stream.MalformedStreamException;
import dev.hermes.provider.ModelCallException;
import dev.hermes.provider.WireListener;
import dev.hermes.stream.StreamAssembler;
import dev.hermes.util.Json;

import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/** The call shapes shared by the wire clients: open an SSE stream; POST, read the whole body, assemble. */
public final class WireCalls {

    /** Whole (non-streaming) responses are read up to this many bytes. */
    public static final int RESPONSE_BODY_CAP = 32 * 1024 * 1024;

    private WireCalls() {
    }

    /**
     * Sends a streaming request and returns the event stream once 2xx headers arrived.
     *
     * <p>Some providers (MiniMax among them) answer a streaming request that fails with a 200 and
     * a JSON error body instead of an event stream. Such an answer is read (capped) and reported
     * as a {@link ModelCallException} with the parsed error and the real status, so it is
     * classified like any provider error rather than looking like an empty, cut stream.
     */
    public static EventStream openSse(HttpTransport transport, URI uri, byte[] body, Map<String, String> wireHeaders,
                                      WireListener listener, SseEventStream.Translator translator) {
        OpenResponse response = transport.post(uri, body, "text/event-stream", wireHeaders, listener);
        String type = response.headers().firstValue("content-type").orElse("").toLowerCase(Locale.ROOT);
        if (!type.startsWith("application/json")) return new SseEventStream(response, listener, translator);
        String text;
        try (response) {
            text = transport.readCapped(response, listener, HttpTransport.ERROR_BODY_CAP, uri);
        }
        JsonNode node = parseObject(text);
        if (node != null && ApiErrors.isError(node)) {
            throw new ModelCallException(ApiErrors.fromJson(response.status(), node, text, null));
        }
        throw notAStream(transport.where(uri) + " answered a streaming request with a JSON body, not an event stream", text);
    }

    /**
     * Sends {@code body}, reads the JSON answer and turns it into a response through
     * {@code toEvents} and a {@link StreamAssembler}. An error object inside a 2xx body is
     * reported like an in-stream error (httpStatus 0). A body without a finish reason (some
     * compatible servers omit it) is complete all the same, recorded as {@link FinishReason#OTHER}:
     * the whole body arrived, so nothing was cut.
     *
     * @throws ModelCallException for error answers, transport failures, and bodies that are not a
     *                            JSON object (cause {@link MalformedStreamException})
     */
    public static ChatResponse complete(HttpTransport transport, URI uri, byte[] body, Map<String, String> wireHeaders,
                                        WireListener listener, String requestedModel,
                                        Function<JsonNode, List<StreamEvent>> toEvents) {
        String text;
        try (OpenResponse response = transport.post(uri, body, "application/json", wireHeaders, listener)) {
            text = transport.readCapped(response, listener, RESPONSE_BODY_CAP, uri);
        }
        JsonNode node = parseObject(text);
        if (node == null) throw notAStream(transport.where(uri) + " answered with a body that is not a JSON object", text);
        if (ApiErrors.isError(node)) throw new ModelCallException(ApiErrors.fromJson(0, node, text, null));
        StreamAssembler assembler = new StreamAssembler();
        toEvents.apply(node).forEach(assembler::accept);
        if (assembler.finish() == null) assembler.accept(new StreamEvent.Finish(FinishReason.OTHER, null));
        return assembler.response(transport.endpoint().provider(), requestedModel);
    }

    private static JsonNode parseObject(String text) {
        try {
            JsonNode node = Json.MAPPER.readTree(text);
            return node != null && node.isObject() ? node : null;
        } catch (IOException e) {
            return null;
        }
    }

    private static ModelCallException notAStream(String message, String body) {
        String excerpt = ApiErrors.cut(body, 300);
        return new ModelCallException(message, new MalformedStreamException("unexpected body: " + excerpt, excerpt, null));
    }
}

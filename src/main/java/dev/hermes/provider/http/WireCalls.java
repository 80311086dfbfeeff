package dev.hermes.provider.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hermes.llm.ChatResponse;
import dev.hermes.llm.FinishReason;
import dev.hermes.llm.StreamEvent;
import dev.hermes.provider.AttemptListener;
import dev.hermes.provider.MalformedStreamException;
import dev.hermes.provider.ModelCallException;
import dev.hermes.stream.StreamAssembler;
import dev.hermes.util.Json;

import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** The non-streaming call shape shared by the wire clients: POST, read the whole body, assemble. */
public final class WireCalls {

    /** Whole (non-streaming) responses are read up to this many bytes. */
    public static final int RESPONSE_BODY_CAP = 32 * 1024 * 1024;

    private WireCalls() {
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
                                        AttemptListener listener, String requestedModel,
                                        Function<JsonNode, List<StreamEvent>> toEvents) {
        String text;
        try (OpenResponse response = transport.post(uri, body, "application/json", wireHeaders, listener)) {
            text = transport.readCapped(response, listener, RESPONSE_BODY_CAP, uri);
        }
        JsonNode node;
        try {
            node = Json.MAPPER.readTree(text);
        } catch (IOException e) {
            node = null;
        }
        if (node == null || !node.isObject()) {
            String excerpt = ApiErrors.cut(text, 300);
            throw new ModelCallException(transport.where(uri) + " answered with a body that is not a JSON object",
                    new MalformedStreamException("not a JSON object: " + excerpt, excerpt, null));
        }
        if (ApiErrors.isError(node)) throw new ModelCallException(ApiErrors.fromJson(0, node, text, null));
        StreamAssembler assembler = new StreamAssembler();
        toEvents.apply(node).forEach(assembler::accept);
        if (assembler.finish() == null) assembler.accept(new StreamEvent.Finish(FinishReason.OTHER, null));
        return assembler.response(transport.endpoint().provider(), requestedModel);
    }
}

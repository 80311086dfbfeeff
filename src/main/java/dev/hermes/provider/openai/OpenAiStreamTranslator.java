package dev.hermes.provider.openai;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import dev.hermes.llm.ApiError;
import dev.hermes.llm.StreamEvent;
import dev.hermes.stream.MalformedStreamException;
import dev.hermes.provider.http.ApiErrors;
import dev.hermes.provider.http.ChunkJson;
import dev.hermes.provider.http.RawJson;
import dev.hermes.provider.http.SseEventStream;
import dev.hermes.stream.SseItem;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Chat-completions SSE chunks to stream events. {@code [DONE]} ends the stream; an error object
 * ({@code {"error":...}}, {@code event: error}, a MiniMax {@code base_resp} with a non-zero code)
 * becomes a {@link StreamEvent.Error}; a chunk carrying nothing becomes a keep-alive.
 *
 * <p>Chunks are read with a streaming parser (OpenAiEvents); one carrying a field an error object
 * has is read whole as a tree, which decides whether it is an error.
 */
final class OpenAiStreamTranslator implements SseEventStream.Translator {

    private static final String WIRE = "chat-completions";

    private boolean started;
    private boolean ended;

    @Override
    public List<StreamEvent> translate(SseItem.Event event) throws MalformedStreamException {
        String data = event.data().strip();
        if (data.equals("[DONE]")) {
            ended = true;
            return List.of();
        }
        if (event.event().equals("error") && !data.startsWith("{")) {
            return List.of(new StreamEvent.Error(new ApiError(0, null, null, data, null, data)));
        }
        OpenAiEvents.Decoded chunk;
        try (JsonParser p = ChunkJson.open(data)) {
            chunk = OpenAiEvents.decode(p, "delta", true);
            if (chunk.errorShaped || event.event().equals("error")) {
                JsonNode tree = RawJson.parsePayload(data, WIRE);
                if (event.event().equals("error") || ApiErrors.isError(tree)) {
                    return List.of(new StreamEvent.Error(ApiErrors.fromJson(0, tree, data, null)));
                }
                try (JsonParser whole = ChunkJson.open(tree)) {
                    chunk = OpenAiEvents.decode(whole, "delta", false);
                }
            }
        } catch (IOException e) {
            throw ChunkJson.malformed(data, WIRE, e);
        }
        List<StreamEvent> out = new ArrayList<>(2);
        if (!started) {
            StreamEvent.Started s = chunk.started();
            if (s != null) {
                out.add(s);
                started = true;
            }
        }
        chunk.events(out);
        if (out.isEmpty()) out.add(new StreamEvent.KeepAlive("empty-chunk"));
        return out;
    }

    @Override
    public boolean ended() {
        return ended;
    }
}

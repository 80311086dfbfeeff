package dev.hermes.provider.openai;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hermes.llm.ApiError;
import dev.hermes.llm.StreamEvent;
import dev.hermes.stream.MalformedStreamException;
import dev.hermes.provider.http.ApiErrors;
import dev.hermes.provider.http.RawJson;
import dev.hermes.provider.http.SseEventStream;
import dev.hermes.stream.SseItem;

import java.util.ArrayList;
import java.util.List;

/**
 * Chat-completions SSE chunks to stream events. {@code [DONE]} ends the stream; an error object
 * ({@code {"error":...}}, {@code event: error}, a MiniMax {@code base_resp} with a non-zero code)
 * becomes a {@link StreamEvent.Error}; a chunk carrying nothing becomes a keep-alive.
 */
final class OpenAiStreamTranslator implements SseEventStream.Translator {

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
        JsonNode chunk = RawJson.parsePayload(data, "chat-completions");
        if (event.event().equals("error") || ApiErrors.isError(chunk)) {
            return List.of(new StreamEvent.Error(ApiErrors.fromJson(0, chunk, data, null)));
        }
        List<StreamEvent> out = new ArrayList<>();
        if (!started) {
            StreamEvent.Started s = OpenAiEvents.started(chunk);
            if (s != null) {
                out.add(s);
                started = true;
            }
        }
        JsonNode choices = chunk.get("choices");
        if (choices != null && choices.isArray() && !choices.isEmpty()) {
            JsonNode choice = choices.get(0);
            OpenAiEvents.content(choice.path("delta"), out);
            OpenAiEvents.finish(choice.get("finish_reason"), out);
        }
        OpenAiEvents.usage(chunk.get("usage"), out);
        if (out.isEmpty()) out.add(new StreamEvent.KeepAlive("empty-chunk"));
        return out;
    }

    @Override
    public boolean ended() {
        return ended;
    }
}

package dev.hermes.provider.anthropic;

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
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Anthropic Messages SSE events to stream events.
 *
 * <p>Tool calls are numbered by their order among tool_use blocks, not by content-block index
 * (text and thinking blocks take content indexes too). {@code message_stop} ends the stream;
 * {@code ping} and event types this client does not know (the API adds new ones) become
 * keep-alives, so forward-compatible streams keep working.
 *
 * <p>Events are read with a streaming parser ({@link AnthropicEvent}); one carrying a field an
 * error object has, or of type {@code error}, is read whole as a tree, which decides.
 */
final class AnthropicStreamTranslator implements SseEventStream.Translator {

    private static final String WIRE = "anthropic-messages";

    private final Map<Integer, Integer> toolOrdinalByBlock = new HashMap<>();
    private boolean ended;

    @Override
    public List<StreamEvent> translate(SseItem.Event event) throws MalformedStreamException {
        String data = event.data().strip();
        if (event.event().equals("error") && !data.startsWith("{")) {
            return List.of(new StreamEvent.Error(new ApiError(0, null, null, data, null, data)));
        }
        AnthropicEvent e;
        JsonNode tree = null;
        try {
            try (JsonParser p = ChunkJson.open(data)) {
                e = AnthropicEvent.decode(p, true);
            }
            if (e.errorShaped) {
                tree = RawJson.parsePayload(data, WIRE);
                try (JsonParser whole = ChunkJson.open(tree)) {
                    e = AnthropicEvent.decode(whole, false);
                }
            }
        } catch (IOException x) {
            throw ChunkJson.malformed(data, WIRE, x);
        }
        String type = e.type == null ? event.event() : e.type;
        if (type.equals("error") || (tree != null && ApiErrors.isError(tree))) {
            if (tree == null) tree = RawJson.parsePayload(data, WIRE);
            return List.of(new StreamEvent.Error(ApiErrors.fromJson(0, tree, data, null)));
        }
        List<StreamEvent> out = new ArrayList<>(2);
        switch (type) {
            case "message_start" -> {
                out.add(new StreamEvent.Started(e.messageId, e.messageModel));
                if (e.messageUsage != null) out.add(new StreamEvent.UsageUpdate(e.messageUsage));
            }
            case "content_block_start" -> blockStart(e, out);
            case "content_block_delta" -> blockDelta(e, data, out);
            case "content_block_stop" -> {
                // block boundaries carry nothing: tool-call arguments are complete when the JSON is
            }
            case "message_delta" -> {
                AnthropicEvents.finish(e.stopReason, out);
                if (e.usage != null) out.add(new StreamEvent.UsageUpdate(e.usage));
            }
            case "message_stop" -> ended = true;
            case "ping" -> out.add(new StreamEvent.KeepAlive("ping"));
            default -> out.add(new StreamEvent.KeepAlive(type));
        }
        return out;
    }

    private void blockStart(AnthropicEvent e, List<StreamEvent> out) {
        switch (e.blockType) {
            case "text" -> {
                if (e.blockText != null && !e.blockText.isEmpty()) out.add(new StreamEvent.TextDelta(e.blockText));
            }
            case "thinking" -> {
                String thinking = e.blockThinking;
                String signature = e.blockSignature;
                if ((thinking != null && !thinking.isEmpty()) || (signature != null && !signature.isEmpty())) {
                    out.add(new StreamEvent.ReasoningDelta(thinking == null ? "" : thinking,
                            signature == null || signature.isEmpty() ? null : signature));
                }
            }
            case "tool_use" -> {
                int ordinal = toolOrdinalByBlock.size();
                toolOrdinalByBlock.put(e.index, ordinal);
                // The start carries "input": {} as a placeholder; the arguments come as deltas.
                out.add(new StreamEvent.ToolCallDelta(ordinal, e.blockId, e.blockName, ""));
            }
            default -> out.add(new StreamEvent.KeepAlive("content_block_start:" + e.blockType));
        }
    }

    private void blockDelta(AnthropicEvent e, String data, List<StreamEvent> out) throws MalformedStreamException {
        switch (e.deltaType) {
            case "text_delta" -> out.add(new StreamEvent.TextDelta(e.deltaText));
            case "thinking_delta" -> out.add(new StreamEvent.ReasoningDelta(e.deltaThinking, null));
            case "signature_delta" -> out.add(new StreamEvent.ReasoningDelta("", e.deltaSignature));
            case "input_json_delta" -> {
                Integer ordinal = toolOrdinalByBlock.get(e.index);
                if (ordinal == null) {
                    throw new MalformedStreamException("anthropic-messages stream sent input_json_delta for content block "
                            + e.index + ", which is not a tool_use block", ApiErrors.cut(data, 300), null);
                }
                out.add(new StreamEvent.ToolCallDelta(ordinal, null, null, e.deltaPartialJson));
            }
            default -> out.add(new StreamEvent.KeepAlive("content_block_delta:" + e.deltaType));
        }
    }

    @Override
    public boolean ended() {
        return ended;
    }
}

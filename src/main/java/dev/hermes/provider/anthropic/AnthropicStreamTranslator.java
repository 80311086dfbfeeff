package dev.hermes.provider.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hermes.llm.ApiError;
import dev.hermes.llm.StreamEvent;
import dev.hermes.stream.MalformedStreamException;
import dev.hermes.provider.http.ApiErrors;
import dev.hermes.provider.http.RawJson;
import dev.hermes.provider.http.SseEventStream;
import dev.hermes.stream.SseItem;

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
 */
final class AnthropicStreamTranslator implements SseEventStream.Translator {

    private final Map<Integer, Integer> toolOrdinalByBlock = new HashMap<>();
    private boolean ended;

    @Override
    public List<StreamEvent> translate(SseItem.Event event) throws MalformedStreamException {
        String data = event.data().strip();
        if (event.event().equals("error") && !data.startsWith("{")) {
            return List.of(new StreamEvent.Error(new ApiError(0, null, null, data, null, data)));
        }
        JsonNode node = RawJson.parsePayload(data, "anthropic-messages");
        String type = AnthropicEvents.text(node.get("type"));
        if (type == null) type = event.event();
        if (type.equals("error") || ApiErrors.isError(node)) {
            return List.of(new StreamEvent.Error(ApiErrors.fromJson(0, node, data, null)));
        }
        List<StreamEvent> out = new ArrayList<>();
        switch (type) {
            case "message_start" -> {
                JsonNode message = node.path("message");
                out.add(new StreamEvent.Started(AnthropicEvents.text(message.get("id")),
                        AnthropicEvents.text(message.get("model"))));
                AnthropicEvents.usage(message.get("usage"), out);
            }
            case "content_block_start" -> blockStart(node.path("index").asInt(), node.path("content_block"), out);
            case "content_block_delta" -> blockDelta(node.path("index").asInt(), node.path("delta"), out);
            case "content_block_stop" -> {
                // block boundaries carry nothing: tool-call arguments are complete when the JSON is
            }
            case "message_delta" -> {
                AnthropicEvents.finish(node.path("delta").get("stop_reason"), out);
                AnthropicEvents.usage(node.get("usage"), out);
            }
            case "message_stop" -> ended = true;
            case "ping" -> out.add(new StreamEvent.KeepAlive("ping"));
            default -> out.add(new StreamEvent.KeepAlive(type));
        }
        return out;
    }

    private void blockStart(int index, JsonNode block, List<StreamEvent> out) {
        switch (block.path("type").asText("")) {
            case "text" -> {
                String text = AnthropicEvents.text(block.get("text"));
                if (text != null && !text.isEmpty()) out.add(new StreamEvent.TextDelta(text));
            }
            case "thinking" -> {
                String thinking = AnthropicEvents.text(block.get("thinking"));
                String signature = AnthropicEvents.text(block.get("signature"));
                if ((thinking != null && !thinking.isEmpty()) || (signature != null && !signature.isEmpty())) {
                    out.add(new StreamEvent.ReasoningDelta(thinking == null ? "" : thinking,
                            signature == null || signature.isEmpty() ? null : signature));
                }
            }
            case "tool_use" -> {
                int ordinal = toolOrdinalByBlock.size();
                toolOrdinalByBlock.put(index, ordinal);
                // The start carries "input": {} as a placeholder; the arguments come as deltas.
                out.add(new StreamEvent.ToolCallDelta(ordinal, AnthropicEvents.text(block.get("id")),
                        AnthropicEvents.text(block.get("name")), ""));
            }
            default -> out.add(new StreamEvent.KeepAlive("content_block_start:" + block.path("type").asText("")));
        }
    }

    private void blockDelta(int index, JsonNode delta, List<StreamEvent> out) throws MalformedStreamException {
        switch (delta.path("type").asText("")) {
            case "text_delta" -> out.add(new StreamEvent.TextDelta(delta.path("text").asText("")));
            case "thinking_delta" -> out.add(new StreamEvent.ReasoningDelta(delta.path("thinking").asText(""), null));
            case "signature_delta" -> out.add(new StreamEvent.ReasoningDelta("", delta.path("signature").asText("")));
            case "input_json_delta" -> {
                Integer ordinal = toolOrdinalByBlock.get(index);
                if (ordinal == null) {
                    String excerpt = delta.toString();
                    throw new MalformedStreamException("anthropic-messages stream sent input_json_delta for content block "
                            + index + ", which is not a tool_use block", excerpt, null);
                }
                out.add(new StreamEvent.ToolCallDelta(ordinal, null, null, delta.path("partial_json").asText("")));
            }
            default -> out.add(new StreamEvent.KeepAlive("content_block_delta:" + delta.path("type").asText("")));
        }
    }

    @Override
    public boolean ended() {
        return ended;
    }
}

package dev.hermes.sim;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hermes.util.Json;
import dev.hermes.util.JsonText;

import java.util.ArrayList;
import java.util.List;

/**
 * Anthropic Messages events with {@code event:} lines: message_start, ping, content_block_start /
 * delta / stop per block, message_delta, message_stop.
 */
final class AnthropicEncoder implements SseEncoder {

    private final String id;
    private final String model;
    private final int inputTokens;
    /** Index of the open content block, or -1; the next block gets {@code nextBlock}. */
    private int openBlock = -1;
    private int nextBlock;

    AnthropicEncoder(long id, String model, int inputTokens) {
        this.id = "msg_sim_" + id;
        this.model = model;
        this.inputTokens = inputTokens;
    }

    @Override
    public List<String> start() {
        ObjectNode msg = message();
        msg.putArray("content");
        msg.putNull("stop_reason").putNull("stop_sequence");
        msg.putObject("usage").put("input_tokens", inputTokens).put("output_tokens", 1);
        ObjectNode start = node("message_start");
        start.set("message", msg);
        return List.of(event("message_start", start), ping());
    }

    @Override
    public List<String> piece(Piece piece) {
        List<String> out = new ArrayList<>();
        ObjectNode delta = Json.MAPPER.createObjectNode();
        switch (piece) {
            case Piece.Text t -> {
                if (openBlock < 0) {
                    out.add(openBlock(Json.MAPPER.createObjectNode().put("type", "text").put("text", "")));
                }
                delta.put("type", "text_delta").put("text", t.text());
            }
            case Piece.ToolStart s -> {
                closeBlock(out);
                ObjectNode block = Json.MAPPER.createObjectNode().put("type", "tool_use").put("id", s.id())
                        .put("name", s.name());
                block.putObject("input");
                out.add(openBlock(block));
                return out;
            }
            case Piece.ToolArgs a -> delta.put("type", "input_json_delta").put("partial_json", a.fragment());
        }
        ObjectNode ev = node("content_block_delta").put("index", openBlock);
        ev.set("delta", delta);
        out.add(event("content_block_delta", ev));
        return out;
    }

    @Override
    public List<String> finish(Answer answer) {
        List<String> out = new ArrayList<>();
        closeBlock(out);
        ObjectNode ev = node("message_delta");
        ev.putObject("delta").put("stop_reason", stopReason(answer)).putNull("stop_sequence");
        ev.putObject("usage").put("output_tokens", answer.outputTokens());
        out.add(event("message_delta", ev));
        return out;
    }

    @Override
    public String terminal() {
        return event("message_stop", node("message_stop"));
    }

    @Override
    public String ping() {
        return event("ping", node("ping"));
    }

    @Override
    public String malformed() {
        return "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,"
                + "\"delta\":{\"type\":\"text_delta\",\"text\":\"trunc\n\n";
    }

    @Override
    public String contentFilter() {
        return event("error", filterNode());
    }

    @Override
    public String contentFilterBody() {
        return filterNode().toString();
    }

    @Override
    public String completeBody(Answer answer) {
        ObjectNode msg = message();
        ArrayNode content = msg.putArray("content");
        if (!answer.text().isEmpty()) content.addObject().put("type", "text").put("text", answer.text());
        for (Answer.Call c : answer.calls()) {
            ObjectNode use = content.addObject().put("type", "tool_use").put("id", c.id()).put("name", c.name());
            // A whole Messages body cannot carry broken JSON (cut by the limit, or a script's
            // raw_arguments): such an input becomes {}, as the streamed form is the one that matters.
            use.set("input", JsonText.isObject(c.argumentsJson()) ? parse(c.argumentsJson())
                    : Json.MAPPER.createObjectNode());
        }
        msg.put("stop_reason", stopReason(answer)).putNull("stop_sequence");
        msg.putObject("usage").put("input_tokens", inputTokens).put("output_tokens", answer.outputTokens());
        return msg.toString();
    }

    private static JsonNode parse(String json) {
        try {
            return Json.MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("checked as a JSON object", e);
        }
    }

    private ObjectNode filterNode() {
        ObjectNode root = node("error");
        root.putObject("error").put("type", "api_error").put("message", SimError.SENSITIVE_1027);
        root.set("base_resp", SimError.baseResp(1027, SimError.SENSITIVE_1027));
        return root;
    }

    private String openBlock(ObjectNode block) {
        openBlock = nextBlock++;
        ObjectNode ev = node("content_block_start").put("index", openBlock);
        ev.set("content_block", block);
        return event("content_block_start", ev);
    }

    private void closeBlock(List<String> out) {
        if (openBlock < 0) return;
        out.add(event("content_block_stop", node("content_block_stop").put("index", openBlock)));
        openBlock = -1;
    }

    private ObjectNode message() {
        return Json.MAPPER.createObjectNode().put("id", id).put("type", "message").put("role", "assistant")
                .put("model", model);
    }

    private static String stopReason(Answer answer) {
        if (answer.cutByLength()) return "max_tokens";
        return answer.toolUse() ? "tool_use" : "end_turn";
    }

    private static ObjectNode node(String type) {
        return Json.MAPPER.createObjectNode().put("type", type);
    }

    private static String event(String name, ObjectNode data) {
        return "event: " + name + "\ndata: " + data + "\n\n";
    }
}

package dev.hermes.sim;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hermes.util.Json;

import java.util.ArrayList;
import java.util.List;

/** OpenAI chat-completions chunks: {@code data: {chunk}} lines, usage chunk, {@code data: [DONE]}. */
final class ChatCompletionsEncoder implements SseEncoder {

    /** Fixed so streams are byte-for-byte reproducible. */
    static final long CREATED = 1767225600L;

    private final String id;
    private final String model;
    private final int inputTokens;
    private final boolean includeUsage;

    ChatCompletionsEncoder(long id, String model, int inputTokens, boolean includeUsage) {
        this.id = "chatcmpl-sim-" + id;
        this.model = model;
        this.inputTokens = inputTokens;
        this.includeUsage = includeUsage;
    }

    @Override
    public List<String> start() {
        ObjectNode delta = Json.MAPPER.createObjectNode().put("role", "assistant").put("content", "");
        return List.of(data(chunk(delta, null)));
    }

    @Override
    public List<String> piece(Piece piece) {
        ObjectNode delta = Json.MAPPER.createObjectNode();
        switch (piece) {
            case Piece.Text t -> delta.put("content", t.text());
            case Piece.ToolStart s -> {
                ObjectNode call = delta.putArray("tool_calls").addObject();
                call.put("index", s.index()).put("id", s.id()).put("type", "function");
                call.putObject("function").put("name", s.name()).put("arguments", "");
            }
            case Piece.ToolArgs a -> {
                ObjectNode call = delta.putArray("tool_calls").addObject();
                call.put("index", a.index()).putObject("function").put("arguments", a.fragment());
            }
        }
        return List.of(data(chunk(delta, null)));
    }

    @Override
    public List<String> finish(Answer answer) {
        List<String> out = new ArrayList<>();
        out.add(data(chunk(Json.MAPPER.createObjectNode(), finishReason(answer))));
        if (includeUsage) {
            ObjectNode c = envelope("chat.completion.chunk");
            c.putArray("choices");
            c.set("usage", usage(answer));
            out.add(data(c));
        }
        return out;
    }

    @Override
    public String terminal() {
        return "data: [DONE]\n\n";
    }

    @Override
    public String ping() {
        return ": ping\n\n";
    }

    @Override
    public String malformed() {
        return "data: {\"id\":\"" + id + "\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,"
                + "\"delta\":{\"content\":\"trunc\n\n";
    }

    @Override
    public String contentFilter() {
        return data(filterNode("chat.completion.chunk"));
    }

    @Override
    public String contentFilterBody() {
        return filterNode("chat.completion").toString();
    }

    @Override
    public String completeBody(Answer answer) {
        ObjectNode root = envelope("chat.completion");
        ObjectNode choice = root.putArray("choices").addObject();
        choice.put("index", 0);
        ObjectNode msg = choice.putObject("message").put("role", "assistant");
        if (answer.text().isEmpty() && answer.toolUse()) msg.putNull("content"); else msg.put("content", answer.text());
        if (answer.toolUse()) {
            ArrayNode calls = msg.putArray("tool_calls");
            for (Answer.Call c : answer.calls()) {
                ObjectNode call = calls.addObject().put("id", c.id()).put("type", "function");
                call.putObject("function").put("name", c.name()).put("arguments", c.argumentsJson());
            }
        }
        choice.put("finish_reason", finishReason(answer));
        root.set("usage", usage(answer));
        return root.toString();
    }

    private ObjectNode filterNode(String object) {
        ObjectNode root = envelope(object);
        root.putArray("choices");
        root.putObject("error").put("message", SimError.SENSITIVE_1027).put("type", "content_filter").put("code", 1027);
        root.put("input_sensitive", false).put("output_sensitive", true);
        root.set("base_resp", SimError.baseResp(1027, SimError.SENSITIVE_1027));
        return root;
    }

    private static String finishReason(Answer answer) {
        if (answer.cutByLength()) return "length";
        return answer.toolUse() ? "tool_calls" : "stop";
    }

    private ObjectNode usage(Answer answer) {
        int out = answer.outputTokens();
        return Json.MAPPER.createObjectNode().put("prompt_tokens", inputTokens).put("completion_tokens", out)
                .put("total_tokens", inputTokens + out);
    }

    private ObjectNode envelope(String object) {
        return Json.MAPPER.createObjectNode().put("id", id).put("object", object).put("created", CREATED)
                .put("model", model);
    }

    private ObjectNode chunk(ObjectNode delta, String finishReason) {
        ObjectNode c = envelope("chat.completion.chunk");
        ObjectNode choice = c.putArray("choices").addObject();
        choice.put("index", 0).set("delta", delta);
        if (finishReason == null) choice.putNull("finish_reason"); else choice.put("finish_reason", finishReason);
        return c;
    }

    private static String data(ObjectNode node) {
        return "data: " + node + "\n\n";
    }
}

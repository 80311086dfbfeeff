package dev.hermes.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hermes.llm.ChatRequest;
import dev.hermes.llm.ChatResponse;
import dev.hermes.llm.ContentBlock;
import dev.hermes.llm.FinishReason;
import dev.hermes.llm.Message;
import dev.hermes.llm.Role;
import dev.hermes.llm.ToolDefinition;
import dev.hermes.llm.Usage;
import dev.hermes.server.SseStream;
import dev.hermes.util.Json;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Anthropic Messages: {@code POST /v1/messages}. A {@code thinking} request parameter is accepted;
 * reasoning from the route that answers comes back as thinking blocks (the budget itself is not
 * forwarded: the neutral request has no field for it).
 */
final class AnthropicWire implements ClientWire {

    static final AnthropicWire INSTANCE = new AnthropicWire();

    @Override
    public String name() {
        return "anthropic";
    }

    @Override
    public Parsed parse(JsonNode body) {
        String model = WireJson.requiredText(body, "model");
        List<Message> messages = new ArrayList<>();
        JsonNode system = body.get("system");
        if (system != null && !system.isNull()) messages.add(Message.system(WireJson.joinedText(system, "system")));
        JsonNode msgs = body.get("messages");
        if (msgs == null || !msgs.isArray() || msgs.isEmpty()) throw new BadRequestException("messages: a non-empty array is required");
        for (int i = 0; i < msgs.size(); i++) message(msgs.get(i), "messages[" + i + "]", messages);
        List<ToolDefinition> tools = new ArrayList<>();
        JsonNode ts = body.path("tools");
        for (int i = 0; i < ts.size(); i++) {
            JsonNode t = ts.get(i);
            tools.add(new ToolDefinition(WireJson.requiredText(t, "name", "tools[" + i + "]"), t.path("description").asText(""),
                    WireJson.schema(t.get("input_schema"))));
        }
        if (!body.hasNonNull("max_tokens")) throw new BadRequestException("max_tokens: required");
        Double temperature = body.hasNonNull("temperature") ? body.get("temperature").asDouble() : null;
        return new Parsed(model, new ChatRequest(model, messages, tools, body.get("max_tokens").asInt(), temperature),
                body.path("stream").asBoolean(false), true);
    }

    /** One message; a user message's tool results become tool messages of their own, as the neutral model has them. */
    private static void message(JsonNode m, String where, List<Message> out) {
        String role = WireJson.requiredText(m, "role", where);
        if (!role.equals("user") && !role.equals("assistant")) throw new BadRequestException(where + ".role: must be user or assistant");
        JsonNode content = m.get("content");
        if (content != null && content.isTextual()) {
            out.add(new Message(role.equals("user") ? Role.USER : Role.ASSISTANT, List.of(new ContentBlock.Text(content.asText()))));
            return;
        }
        if (content == null || !content.isArray()) throw new BadRequestException(where + ".content: must be a string or an array of blocks");
        List<ContentBlock> blocks = new ArrayList<>();
        for (int i = 0; i < content.size(); i++) {
            JsonNode b = content.get(i);
            String at = where + ".content[" + i + "]";
            String type = b.path("type").asText("");
            switch (type) {
                case "text" -> blocks.add(new ContentBlock.Text(b.path("text").asText("")));
                case "tool_use" -> blocks.add(new ContentBlock.ToolUse(WireJson.requiredText(b, "id", at),
                        WireJson.requiredText(b, "name", at), b.has("input") ? b.get("input").toString() : "{}"));
                case "tool_result" -> out.add(Message.toolResult(WireJson.requiredText(b, "tool_use_id", at),
                        WireJson.joinedText(b.get("content"), at + ".content"), b.path("is_error").asBoolean(false)));
                case "thinking" -> blocks.add(new ContentBlock.Reasoning(b.path("thinking").asText(""),
                        b.hasNonNull("signature") ? b.get("signature").asText() : null));
                case "redacted_thinking" -> { } // opaque to every other provider; dropped
                default -> throw new BadRequestException(at + ": block type '" + type + "' is not supported");
            }
        }
        if (!blocks.isEmpty()) out.add(new Message(role.equals("user") ? Role.USER : Role.ASSISTANT, blocks));
    }

    @Override
    public int overloadStatus() {
        return 529;
    }

    @Override
    public String errorBody(int status, String message) {
        ObjectNode root = Json.MAPPER.createObjectNode();
        root.put("type", "error");
        ObjectNode e = root.putObject("error");
        e.put("type", errorType(status));
        e.put("message", message);
        return Json.text(root);
    }

    private static String errorType(int status) {
        return switch (status) {
            case 400 -> "invalid_request_error";
            case 401 -> "authentication_error";
            case 404 -> "not_found_error";
            case 413 -> "request_too_large";
            case 429 -> "rate_limit_error";
            case 529 -> "overloaded_error";
            default -> "api_error";
        };
    }

    @Override
    public String response(String id, String model, ChatResponse answer, Usage usage) {
        ObjectNode root = message(id, model);
        var content = root.putArray("content");
        for (ContentBlock b : answer.message().content()) {
            switch (b) {
                case ContentBlock.Reasoning r -> {
                    ObjectNode n = content.addObject().put("type", "thinking").put("thinking", r.text());
                    n.put("signature", r.signature() == null ? "" : r.signature());
                }
                case ContentBlock.Text t -> content.addObject().put("type", "text").put("text", t.text());
                case ContentBlock.ToolUse u -> content.addObject().put("type", "tool_use").put("id", u.id())
                        .put("name", u.name()).set("input", input(u));
                case ContentBlock.ToolResult r -> { }
            }
        }
        root.put("stop_reason", stop(answer.finishReason()));
        usage(root.putObject("usage"), usage);
        return Json.text(root);
    }

    private static ObjectNode message(String id, String model) {
        ObjectNode root = Json.MAPPER.createObjectNode();
        root.put("id", id);
        root.put("type", "message");
        root.put("role", "assistant");
        root.put("model", model);
        return root;
    }

    private static JsonNode input(ContentBlock.ToolUse u) {
        try {
            return Json.MAPPER.readTree(u.argumentsJson().isBlank() ? "{}" : u.argumentsJson());
        } catch (IOException e) {
            throw new UncheckedIOException("tool call " + u.id() + " has arguments that are not JSON", e);
        }
    }

    private static void usage(ObjectNode n, Usage u) {
        n.put("input_tokens", u.inputTokens());
        n.put("output_tokens", u.outputTokens());
        n.put("cache_read_input_tokens", u.cacheReadTokens());
        n.put("cache_creation_input_tokens", u.cacheWriteTokens());
    }

    static String stop(FinishReason reason) {
        return switch (reason) {
            case LENGTH -> "max_tokens";
            case TOOL_USE -> "tool_use";
            case CONTENT_FILTER, REFUSAL -> "refusal";
            case PAUSE -> "pause_turn";
            case STOP, OTHER -> "end_turn";
        };
    }

    @Override
    public StreamWriter stream(SseStream sse, String id, String model, boolean includeUsage) throws IOException {
        ObjectNode start = Json.MAPPER.createObjectNode().put("type", "message_start");
        ObjectNode msg = message(id, model);
        msg.putArray("content");
        msg.putNull("stop_reason");
        msg.putNull("stop_sequence");
        usage(msg.putObject("usage"), Usage.ZERO);
        start.set("message", msg);
        sse.event("message_start", Json.text(start));
        return new Writer(sse);
    }

    /** Content blocks opened and closed as the kind of delta changes: thinking, then text, then tool calls. */
    private static final class Writer implements StreamWriter {
        private final SseStream sse;
        private int index = -1;
        private String open; // "text", "thinking" or null

        Writer(SseStream sse) {
            this.sse = sse;
        }

        private void ensure(String type) throws IOException {
            if (type.equals(open)) return;
            close();
            index++;
            open = type;
            ObjectNode block = Json.MAPPER.createObjectNode().put("type", type);
            if (type.equals("text")) block.put("text", "");
            else block.put("thinking", "").put("signature", "");
            sse.event("content_block_start", Json.text(Json.MAPPER.createObjectNode().put("type", "content_block_start")
                    .put("index", index).set("content_block", block)));
        }

        private void close() throws IOException {
            if (open == null) return;
            sse.event("content_block_stop", "{\"type\":\"content_block_stop\",\"index\":" + index + "}");
            open = null;
        }

        /** {@code {"type":"content_block_delta","index":i,"delta":{"type":type,field:value}}}, without a tree per delta. */
        private void delta(String type, String field, String value) throws IOException {
            StringBuilder b = new StringBuilder(value.length() + 96).append("{\"type\":\"content_block_delta\",\"index\":")
                    .append(index).append(",\"delta\":{\"type\":\"").append(type).append("\",\"").append(field).append("\":");
            sse.event("content_block_delta", WireJson.appendString(b, value).append("}}").toString());
        }

        @Override
        public void text(String delta) throws IOException {
            ensure("text");
            delta("text_delta", "text", delta);
        }

        @Override
        public void reasoning(String delta) throws IOException {
            ensure("thinking");
            delta("thinking_delta", "thinking", delta);
        }

        @Override
        public void finish(ChatResponse answer, Usage usage) throws IOException {
            if ("thinking".equals(open)) {
                answer.message().content().stream().filter(ContentBlock.Reasoning.class::isInstance)
                        .map(b -> ((ContentBlock.Reasoning) b).signature()).filter(s -> s != null && !s.isEmpty())
                        .reduce((a, b) -> b).ifPresent(sig -> {
                            try {
                                delta("signature_delta", "signature", sig);
                            } catch (IOException e) {
                                throw new UncheckedIOException(e);
                            }
                        });
            }
            close();
            for (ContentBlock.ToolUse u : answer.toolUses()) {
                index++;
                ObjectNode block = Json.MAPPER.createObjectNode().put("type", "tool_use").put("id", u.id()).put("name", u.name());
                block.putObject("input");
                sse.event("content_block_start", Json.text(Json.MAPPER.createObjectNode().put("type", "content_block_start")
                        .put("index", index).set("content_block", block)));
                delta("input_json_delta", "partial_json", input(u).toString());
                sse.event("content_block_stop", "{\"type\":\"content_block_stop\",\"index\":" + index + "}");
            }
            ObjectNode md = Json.MAPPER.createObjectNode().put("type", "message_delta");
            md.putObject("delta").put("stop_reason", stop(answer.finishReason())).putNull("stop_sequence");
            usage(md.putObject("usage"), usage);
            sse.event("message_delta", Json.text(md));
            sse.event("message_stop", "{\"type\":\"message_stop\"}");
        }

        @Override
        public void error(int status, String message) throws IOException {
            sse.event("error", INSTANCE.errorBody(status, message));
        }
    }
}

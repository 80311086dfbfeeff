package dev.hermes.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
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
import java.util.ArrayList;
import java.util.List;

/** OpenAI chat-completions: {@code POST /v1/chat/completions}. */
final class OpenAiWire implements ClientWire {

    static final OpenAiWire INSTANCE = new OpenAiWire();

    @Override
    public String name() {
        return "openai";
    }

    @Override
    public Parsed parse(JsonNode body) {
        String model = WireJson.requiredText(body, "model");
        JsonNode msgs = body.get("messages");
        if (msgs == null || !msgs.isArray() || msgs.isEmpty()) throw new BadRequestException("messages: a non-empty array is required");
        List<Message> messages = new ArrayList<>();
        for (int i = 0; i < msgs.size(); i++) messages.add(message(msgs.get(i), "messages[" + i + "]"));
        List<ToolDefinition> tools = new ArrayList<>();
        JsonNode ts = body.path("tools");
        for (int i = 0; i < ts.size(); i++) {
            JsonNode f = ts.get(i).path("function");
            String where = "tools[" + i + "].function";
            tools.add(new ToolDefinition(WireJson.requiredText(f, "name", where), f.path("description").asText(""),
                    WireJson.schema(f.get("parameters"))));
        }
        JsonNode max = body.hasNonNull("max_completion_tokens") ? body.get("max_completion_tokens") : body.get("max_tokens");
        Integer maxTokens = max == null || max.isNull() ? null : max.asInt();
        Double temperature = body.hasNonNull("temperature") ? body.get("temperature").asDouble() : null;
        boolean stream = body.path("stream").asBoolean(false);
        boolean usage = body.path("stream_options").path("include_usage").asBoolean(false);
        return new Parsed(model, new ChatRequest(model, messages, tools, maxTokens, temperature), stream, usage);
    }

    private static Message message(JsonNode m, String where) {
        String role = WireJson.requiredText(m, "role", where);
        return switch (role) {
            case "system", "developer" -> new Message(Role.SYSTEM, texts(m.get("content"), where));
            case "user" -> new Message(Role.USER, texts(m.get("content"), where));
            case "tool" -> Message.toolResult(WireJson.requiredText(m, "tool_call_id", where),
                    WireJson.joinedText(m.get("content"), where + ".content"), false);
            case "assistant" -> {
                List<ContentBlock> blocks = new ArrayList<>(m.hasNonNull("content") ? texts(m.get("content"), where) : List.of());
                JsonNode calls = m.path("tool_calls");
                for (int i = 0; i < calls.size(); i++) {
                    JsonNode c = calls.get(i);
                    String at = where + ".tool_calls[" + i + "]";
                    blocks.add(new ContentBlock.ToolUse(WireJson.requiredText(c, "id", at),
                            WireJson.requiredText(c.path("function"), "name", at + ".function"),
                            c.path("function").path("arguments").asText("{}")));
                }
                yield Message.assistant(blocks);
            }
            default -> throw new BadRequestException(where + ".role: unknown role '" + role + "'");
        };
    }

    private static List<ContentBlock> texts(JsonNode content, String where) {
        return List.of(new ContentBlock.Text(WireJson.joinedText(content, where + ".content")));
    }

    @Override
    public int overloadStatus() {
        return 429;
    }

    @Override
    public String errorBody(int status, String message) {
        ObjectNode root = Json.MAPPER.createObjectNode();
        ObjectNode e = root.putObject("error");
        e.put("message", message);
        e.put("type", switch (status) {
            case 400, 404, 413 -> "invalid_request_error";
            case 401 -> "authentication_error";
            case 429 -> "rate_limit_error";
            default -> "server_error";
        });
        e.putNull("param");
        e.put("code", switch (status) {
            case 401 -> "invalid_api_key";
            case 404 -> "model_not_found";
            case 429 -> "rate_limit_exceeded";
            default -> null;
        });
        return Json.text(root);
    }

    @Override
    public String response(String id, String model, ChatResponse answer, Usage usage) {
        ObjectNode root = head(id, model, "chat.completion");
        ObjectNode choice = root.putArray("choices").addObject();
        choice.put("index", 0);
        ObjectNode msg = choice.putObject("message");
        msg.put("role", "assistant");
        String text = answer.text();
        if (text.isEmpty() && !answer.toolUses().isEmpty()) msg.putNull("content");
        else msg.put("content", text);
        if (!answer.toolUses().isEmpty()) toolCalls(msg, answer.toolUses(), false);
        choice.putNull("logprobs");
        choice.put("finish_reason", finishReason(answer.finishReason()));
        usage(root, usage);
        return Json.text(root);
    }

    static String finishReason(FinishReason reason) {
        return switch (reason) {
            case LENGTH -> "length";
            case TOOL_USE -> "tool_calls";
            case CONTENT_FILTER, REFUSAL -> "content_filter";
            case STOP, PAUSE, OTHER -> "stop";
        };
    }

    private static ObjectNode head(String id, String model, String object) {
        ObjectNode root = Json.MAPPER.createObjectNode();
        root.put("id", id);
        root.put("object", object);
        root.put("created", System.currentTimeMillis() / 1000);
        root.put("model", model);
        return root;
    }

    private static void toolCalls(ObjectNode holder, List<ContentBlock.ToolUse> uses, boolean indexed) {
        ArrayNode calls = holder.putArray("tool_calls");
        for (int i = 0; i < uses.size(); i++) {
            ContentBlock.ToolUse u = uses.get(i);
            ObjectNode c = calls.addObject();
            if (indexed) c.put("index", i);
            c.put("id", u.id());
            c.put("type", "function");
            ObjectNode f = c.putObject("function");
            f.put("name", u.name());
            f.put("arguments", u.argumentsJson());
        }
    }

    private static void usage(ObjectNode root, Usage u) {
        ObjectNode n = root.putObject("usage");
        n.put("prompt_tokens", u.inputTokens());
        n.put("completion_tokens", u.outputTokens());
        n.put("total_tokens", u.inputTokens() + u.outputTokens());
    }

    @Override
    public StreamWriter stream(SseStream sse, String id, String model, boolean includeUsage) throws IOException {
        Writer w = new Writer(sse, id, model, includeUsage);
        ObjectNode first = w.chunk();
        ObjectNode choice = first.putArray("choices").addObject().put("index", 0);
        choice.putObject("delta").put("role", "assistant").put("content", "");
        choice.putNull("finish_reason");
        sse.data(Json.text(first));
        return w;
    }

    private static final class Writer implements StreamWriter {
        private final SseStream sse;
        private final String id;
        private final String model;
        private final boolean includeUsage;
        /**
         * Every delta chunk up to its delta's field name, written once per stream: a delta is
         * then that, the field, its quoted value and a fixed ending, with no tree built and
         * written per delta (the path every streamed token takes, docs/benchmarks.md, "hermes proxy").
         */
        private final String deltaHead;

        Writer(SseStream sse, String id, String model, boolean includeUsage) {
            this.sse = sse;
            this.id = id;
            this.model = model;
            this.includeUsage = includeUsage;
            String head = Json.text(chunk()); // {"id":...,"model":...}: opened again to add the choices
            this.deltaHead = head.substring(0, head.length() - 1) + ",\"choices\":[{\"index\":0,\"delta\":{";
        }

        ObjectNode chunk() {
            return head(id, model, "chat.completion.chunk");
        }

        private void delta(String field, String value) throws IOException {
            StringBuilder b = new StringBuilder(deltaHead.length() + field.length() + value.length() + 48).append(deltaHead);
            WireJson.appendString(b.append('"').append(field).append("\":"), value);
            sse.data(b.append("},\"finish_reason\":null}]}").toString());
        }

        @Override
        public void text(String delta) throws IOException {
            delta("content", delta);
        }

        @Override
        public void reasoning(String delta) throws IOException {
            delta("reasoning_content", delta); // the field DeepSeek and others use; clients that do not know it ignore it
        }

        @Override
        public void finish(ChatResponse answer, Usage usage) throws IOException {
            if (!answer.toolUses().isEmpty()) {
                ObjectNode c = chunk();
                ObjectNode choice = c.putArray("choices").addObject().put("index", 0);
                toolCalls(choice.putObject("delta"), answer.toolUses(), true);
                choice.putNull("finish_reason");
                sse.data(Json.text(c));
            }
            ObjectNode last = chunk();
            ObjectNode choice = last.putArray("choices").addObject().put("index", 0);
            choice.putObject("delta");
            choice.put("finish_reason", finishReason(answer.finishReason()));
            sse.data(Json.text(last));
            if (includeUsage) {
                ObjectNode u = chunk();
                u.putArray("choices");
                usage(u, usage);
                sse.data(Json.text(u));
            }
            sse.data("[DONE]");
        }

        @Override
        public void error(int status, String message) throws IOException {
            sse.data(INSTANCE.errorBody(status, message)); // the SDKs raise an error for a data event carrying "error"
        }
    }
}

package dev.hermes.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.hermes.llm.ContentBlock;
import dev.hermes.llm.Message;
import dev.hermes.llm.Role;
import dev.hermes.log.Redactor;
import dev.hermes.util.Json;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Session lines to and from JSON. Every text value is passed through {@link Redactor} before a
 * line is written; redacting values (not the finished line) keeps the line valid JSON. Stateless.
 */
final class SessionCodec {

    private SessionCodec() {
    }

    static ObjectNode line(String type) {
        ObjectNode node = Json.MAPPER.createObjectNode();
        node.put("type", type);
        return node;
    }

    static ObjectNode message(Message m) {
        ObjectNode node = line("message");
        node.put("role", m.role().name().toLowerCase(Locale.ROOT));
        ArrayNode content = node.putArray("content");
        for (ContentBlock block : m.content()) {
            ObjectNode b = content.addObject();
            switch (block) {
                case ContentBlock.Text t -> b.put("type", "text").put("text", t.text());
                case ContentBlock.Reasoning r -> {
                    b.put("type", "reasoning").put("text", r.text());
                    if (r.signature() != null) b.put("signature", r.signature());
                }
                case ContentBlock.ToolUse u -> b.put("type", "tool_use").put("id", u.id()).put("name", u.name())
                        .put("arguments", u.argumentsJson());
                case ContentBlock.ToolResult r -> b.put("type", "tool_result").put("id", r.toolUseId())
                        .put("is_error", r.isError()).put("content", r.content());
            }
        }
        return node;
    }

    /** The message a "message" line holds. */
    static Message message(JsonNode node) {
        Role role = Role.valueOf(node.path("role").asText("user").toUpperCase(Locale.ROOT));
        List<ContentBlock> blocks = new ArrayList<>();
        for (JsonNode b : node.path("content")) {
            switch (b.path("type").asText()) {
                case "text" -> blocks.add(new ContentBlock.Text(b.path("text").asText("")));
                case "reasoning" -> blocks.add(new ContentBlock.Reasoning(b.path("text").asText(""),
                        b.hasNonNull("signature") ? b.get("signature").asText() : null));
                case "tool_use" -> blocks.add(new ContentBlock.ToolUse(b.path("id").asText(), b.path("name").asText(),
                        b.path("arguments").asText("{}")));
                case "tool_result" -> blocks.add(toolResult(b));
                default -> throw new IllegalArgumentException("unknown content block type '" + b.path("type").asText() + "'");
            }
        }
        return new Message(role, blocks);
    }

    static ContentBlock.ToolResult toolResult(JsonNode node) {
        return new ContentBlock.ToolResult(node.path("id").asText(), node.path("content").asText(""),
                node.path("is_error").asBoolean(false));
    }

    /** The line as one line of JSON text, every string value redacted. */
    static String encode(ObjectNode node) {
        redact(node);
        try {
            return Json.MAPPER.writeValueAsString(node);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree always serializes", e);
        }
    }

    private static void redact(JsonNode node) {
        if (node instanceof ObjectNode o) {
            Iterator<Map.Entry<String, JsonNode>> fields = o.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> e = fields.next();
                if (e.getValue().isTextual()) e.setValue(TextNode.valueOf(Redactor.redact(e.getValue().asText())));
                else redact(e.getValue());
            }
        } else if (node instanceof ArrayNode a) {
            for (int i = 0; i < a.size(); i++) {
                if (a.get(i).isTextual()) a.set(i, TextNode.valueOf(Redactor.redact(a.get(i).asText())));
                else redact(a.get(i));
            }
        }
    }
}

package dev.hermes.mcp;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.hermes.tools.ToolOutcome;
import dev.hermes.util.Json;
import io.modelcontextprotocol.spec.McpSchema;

import java.util.ArrayList;
import java.util.List;

/**
 * A tool result as the model reads it: text content as it is, other content described in one
 * line, and structured content as JSON (unless the text already is that JSON).
 */
final class McpResults {

    private McpResults() {
    }

    static ToolOutcome outcome(McpSchema.CallToolResult result) {
        List<String> parts = new ArrayList<>();
        if (result.content() != null) {
            for (McpSchema.Content c : result.content()) parts.add(text(c));
        }
        String text = String.join("\n", parts);
        if (result.structuredContent() != null) {
            String json = json(result.structuredContent());
            if (!text.strip().equals(json) && !sameJson(text, json)) text = text.isEmpty() ? json : text + "\n" + json;
        }
        boolean error = Boolean.TRUE.equals(result.isError());
        if (text.isEmpty()) text = error ? "the tool failed and said nothing" : "(no output)";
        return error ? ToolOutcome.error(text) : ToolOutcome.ok(text);
    }

    private static String text(McpSchema.Content c) {
        return switch (c) {
            case McpSchema.TextContent t -> t.text();
            case McpSchema.ImageContent i -> "[image " + i.mimeType() + ", " + base64Bytes(i.data()) + " bytes]";
            case McpSchema.AudioContent a -> "[audio " + a.mimeType() + ", " + base64Bytes(a.data()) + " bytes]";
            case McpSchema.EmbeddedResource r -> switch (r.resource()) {
                case McpSchema.TextResourceContents t -> "[resource " + t.uri() + "]\n" + t.text();
                case McpSchema.BlobResourceContents b -> "[resource " + b.uri() + ", " + b.mimeType() + ", "
                        + base64Bytes(b.blob()) + " bytes]";
                default -> "[resource]";
            };
            case McpSchema.ResourceLink l -> "[resource link " + l.uri() + (l.name() == null ? "" : " (" + l.name() + ")") + "]";
            default -> "[" + c.type() + " content]";
        };
    }

    private static long base64Bytes(String data) {
        return data == null ? 0 : data.length() * 3L / 4;
    }

    private static String json(Object value) {
        try {
            return Json.MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            return String.valueOf(value);
        }
    }

    private static boolean sameJson(String text, String json) {
        try {
            return Json.MAPPER.readTree(text).equals(Json.MAPPER.readTree(json));
        } catch (JsonProcessingException | RuntimeException e) {
            return false;
        }
    }
}

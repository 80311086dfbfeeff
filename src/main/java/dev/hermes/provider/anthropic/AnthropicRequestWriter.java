package dev.hermes.provider.anthropic;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.hermes.llm.ChatRequest;
import dev.hermes.llm.ContentBlock;
import dev.hermes.llm.Message;
import dev.hermes.llm.Role;
import dev.hermes.llm.ToolDefinition;
import dev.hermes.provider.http.RawJson;
import dev.hermes.util.Json;
import dev.hermes.util.JsonText;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes a {@link ChatRequest} as an Anthropic Messages request body.
 *
 * <ul>
 *   <li>System messages are joined (blank line between) into the top-level {@code system}.</li>
 *   <li>Tool results travel in a user message as {@code tool_result} blocks; consecutive tool
 *       messages are merged into one user message, as the API wants every result for one
 *       assistant turn together.</li>
 *   <li>Reasoning is sent back as a {@code thinking} block only with its signature (the API
 *       rejects unsigned thinking); empty text blocks are left out (the API rejects them).</li>
 *   <li>A tool call whose arguments are not a JSON object (the model wrote broken JSON) is sent
 *       as {@code {"raw_arguments": "..."}} so the request stays valid and the model sees what it wrote.</li>
 *   <li>A final assistant message is a prefill; its trailing whitespace is trimmed because the
 *       API rejects a prefill ending in whitespace.</li>
 *   <li>{@code max_tokens} is required by the API: {@value #DEFAULT_MAX_TOKENS} when not set.</li>
 * </ul>
 */
final class AnthropicRequestWriter {

    static final int DEFAULT_MAX_TOKENS = 4096;

    private AnthropicRequestWriter() {
    }

    private record WireMessage(String role, List<ContentBlock> blocks) {
    }

    static byte[] write(ChatRequest request, boolean stream) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator g = Json.FACTORY.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("model", request.model());
            g.writeNumberField("max_tokens", request.maxTokens() != null ? request.maxTokens() : DEFAULT_MAX_TOKENS);
            String system = system(request.messages());
            if (!system.isEmpty()) g.writeStringField("system", system);
            g.writeArrayFieldStart("messages");
            for (WireMessage m : wireMessages(request)) writeMessage(g, m);
            g.writeEndArray();
            if (!request.tools().isEmpty()) {
                g.writeArrayFieldStart("tools");
                for (ToolDefinition t : request.tools()) {
                    g.writeStartObject();
                    g.writeStringField("name", t.name());
                    g.writeStringField("description", t.description());
                    RawJson.writeObjectField(g, "input_schema", t.parametersSchemaJson(),
                            "tool '" + t.name() + "' parameters schema");
                    g.writeEndObject();
                }
                g.writeEndArray();
            }
            if (request.temperature() != null) g.writeNumberField("temperature", request.temperature());
            g.writeBooleanField("stream", stream);
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("writing to memory cannot fail", e);
        }
        return out.toByteArray();
    }

    private static String system(List<Message> messages) {
        List<String> parts = new ArrayList<>();
        for (Message m : messages) {
            if (m.role() == Role.SYSTEM && !m.text().isEmpty()) parts.add(m.text());
        }
        return String.join("\n\n", parts);
    }

    private static List<WireMessage> wireMessages(ChatRequest request) {
        List<WireMessage> out = new ArrayList<>();
        Role previous = null;
        for (Message m : request.messages()) {
            switch (m.role()) {
                case SYSTEM -> {
                    continue;
                }
                case TOOL -> {
                    if (previous == Role.TOOL) out.get(out.size() - 1).blocks().addAll(m.content());
                    else out.add(new WireMessage("user", new ArrayList<>(m.content())));
                }
                case USER -> out.add(new WireMessage("user", new ArrayList<>(m.content())));
                case ASSISTANT -> out.add(new WireMessage("assistant", new ArrayList<>(m.content())));
            }
            previous = m.role();
        }
        if (request.hasPrefill() && !out.isEmpty()) trimPrefill(out);
        return out;
    }

    private static void trimPrefill(List<WireMessage> out) {
        List<ContentBlock> blocks = out.get(out.size() - 1).blocks();
        for (int i = blocks.size() - 1; i >= 0; i--) {
            if (blocks.get(i) instanceof ContentBlock.Text t) {
                String trimmed = t.text().stripTrailing();
                if (trimmed.isEmpty()) blocks.remove(i);
                else blocks.set(i, new ContentBlock.Text(trimmed));
                break;
            }
        }
        if (blocks.isEmpty()) out.remove(out.size() - 1);
    }

    private static void writeMessage(JsonGenerator g, WireMessage m) throws IOException {
        g.writeStartObject();
        g.writeStringField("role", m.role());
        g.writeArrayFieldStart("content");
        for (ContentBlock block : m.blocks()) writeBlock(g, block);
        g.writeEndArray();
        g.writeEndObject();
    }

    private static void writeBlock(JsonGenerator g, ContentBlock block) throws IOException {
        switch (block) {
            case ContentBlock.Text t -> {
                if (t.text().isEmpty()) return;
                g.writeStartObject();
                g.writeStringField("type", "text");
                g.writeStringField("text", t.text());
                g.writeEndObject();
            }
            case ContentBlock.ToolUse u -> {
                g.writeStartObject();
                g.writeStringField("type", "tool_use");
                g.writeStringField("id", u.id());
                g.writeStringField("name", u.name());
                if (JsonText.isObject(u.argumentsJson())) {
                    RawJson.writeObjectField(g, "input", u.argumentsJson(), "tool call " + u.id() + " arguments");
                } else {
                    g.writeObjectFieldStart("input");
                    g.writeStringField("raw_arguments", u.argumentsJson());
                    g.writeEndObject();
                }
                g.writeEndObject();
            }
            case ContentBlock.ToolResult r -> {
                g.writeStartObject();
                g.writeStringField("type", "tool_result");
                g.writeStringField("tool_use_id", r.toolUseId());
                g.writeStringField("content", r.content());
                g.writeBooleanField("is_error", r.isError());
                g.writeEndObject();
            }
            case ContentBlock.Reasoning r -> {
                if (r.signature() == null) return;
                g.writeStartObject();
                g.writeStringField("type", "thinking");
                g.writeStringField("thinking", r.text());
                g.writeStringField("signature", r.signature());
                g.writeEndObject();
            }
        }
    }
}

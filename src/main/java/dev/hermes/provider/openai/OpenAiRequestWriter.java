package dev.hermes.provider.openai;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.hermes.llm.ChatRequest;
import dev.hermes.llm.ContentBlock;
import dev.hermes.llm.Message;
import dev.hermes.llm.ToolDefinition;
import dev.hermes.provider.http.RawJson;
import dev.hermes.util.Json;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes a {@link ChatRequest} as an OpenAI chat-completions request body.
 *
 * <p>Reasoning blocks are not sent back on this wire (it has no field for them). Tool results
 * become {@code role:"tool"} messages; this wire has no error flag, so the result text must say
 * so itself. A tool result found inside a user message is sent as a tool message before that
 * user message's text. A final assistant message is sent as it is (a prefill, for servers that
 * continue one).
 */
final class OpenAiRequestWriter {

    private OpenAiRequestWriter() {
    }

    static byte[] write(ChatRequest request, boolean stream) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator g = Json.FACTORY.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("model", request.model());
            g.writeArrayFieldStart("messages");
            for (Message m : request.messages()) writeMessage(g, m);
            g.writeEndArray();
            if (!request.tools().isEmpty()) {
                g.writeArrayFieldStart("tools");
                for (ToolDefinition t : request.tools()) writeTool(g, t);
                g.writeEndArray();
            }
            if (request.maxTokens() != null) g.writeNumberField("max_tokens", request.maxTokens());
            if (request.temperature() != null) g.writeNumberField("temperature", request.temperature());
            g.writeBooleanField("stream", stream);
            if (stream) {
                g.writeObjectFieldStart("stream_options");
                g.writeBooleanField("include_usage", true);
                g.writeEndObject();
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("writing to memory cannot fail", e);
        }
        return out.toByteArray();
    }

    private static void writeMessage(JsonGenerator g, Message m) throws IOException {
        switch (m.role()) {
            case SYSTEM -> writeSimple(g, "system", m.text());
            case USER -> {
                writeToolResults(g, m);
                boolean onlyResults = m.content().stream().allMatch(ContentBlock.ToolResult.class::isInstance);
                if (!onlyResults) writeSimple(g, "user", m.text());
            }
            case TOOL -> writeToolResults(g, m);
            case ASSISTANT -> writeAssistant(g, m);
        }
    }

    private static void writeSimple(JsonGenerator g, String role, String content) throws IOException {
        g.writeStartObject();
        g.writeStringField("role", role);
        g.writeStringField("content", content);
        g.writeEndObject();
    }

    private static void writeToolResults(JsonGenerator g, Message m) throws IOException {
        for (ContentBlock block : m.content()) {
            if (block instanceof ContentBlock.ToolResult r) {
                g.writeStartObject();
                g.writeStringField("role", "tool");
                g.writeStringField("tool_call_id", r.toolUseId());
                g.writeStringField("content", r.content());
                g.writeEndObject();
            }
        }
    }

    private static void writeAssistant(JsonGenerator g, Message m) throws IOException {
        List<ContentBlock.ToolUse> calls = new ArrayList<>(m.toolUses());
        g.writeStartObject();
        g.writeStringField("role", "assistant");
        String text = m.text();
        // OpenAI wants content null, not "", beside tool calls.
        if (text.isEmpty() && !calls.isEmpty()) g.writeNullField("content");
        else g.writeStringField("content", text);
        if (!calls.isEmpty()) {
            g.writeArrayFieldStart("tool_calls");
            for (ContentBlock.ToolUse call : calls) {
                g.writeStartObject();
                g.writeStringField("id", call.id());
                g.writeStringField("type", "function");
                g.writeObjectFieldStart("function");
                g.writeStringField("name", call.name());
                g.writeStringField("arguments", call.argumentsJson());
                g.writeEndObject();
                g.writeEndObject();
            }
            g.writeEndArray();
        }
        g.writeEndObject();
    }

    private static void writeTool(JsonGenerator g, ToolDefinition t) throws IOException {
        g.writeStartObject();
        g.writeStringField("type", "function");
        g.writeObjectFieldStart("function");
        g.writeStringField("name", t.name());
        g.writeStringField("description", t.description());
        RawJson.writeObjectField(g, "parameters", t.parametersSchemaJson(), "tool '" + t.name() + "' parameters schema");
        g.writeEndObject();
        g.writeEndObject();
    }
}

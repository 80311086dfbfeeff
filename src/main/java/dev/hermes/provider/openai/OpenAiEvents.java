package dev.hermes.provider.openai;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hermes.llm.FinishReason;
import dev.hermes.llm.StreamEvent;
import dev.hermes.llm.Usage;

import java.util.List;

/**
 * Maps the parts shared by streamed chunks and whole responses of the chat-completions wire: a
 * choice's {@code delta} (or {@code message}), its {@code finish_reason}, and {@code usage}.
 */
final class OpenAiEvents {

    private OpenAiEvents() {
    }

    /** Content of a delta or message: reasoning, text, then tool-call fragments. */
    static void content(JsonNode delta, List<StreamEvent> out) {
        // Providers name reasoning differently (DeepSeek/Qwen "reasoning_content", OpenRouter
        // "reasoning"); one is taken, so a provider sending both does not double it.
        String reasoning = nonEmptyText(delta.get("reasoning_content"));
        if (reasoning == null) reasoning = nonEmptyText(delta.get("reasoning"));
        if (reasoning != null) out.add(new StreamEvent.ReasoningDelta(reasoning, null));
        String text = nonEmptyText(delta.get("content"));
        if (text != null) out.add(new StreamEvent.TextDelta(text));
        JsonNode calls = delta.get("tool_calls");
        if (calls != null && calls.isArray()) {
            for (int i = 0; i < calls.size(); i++) {
                JsonNode call = calls.get(i);
                // Some compatible servers omit "index"; the position in the array stands in for it.
                int index = call.hasNonNull("index") ? call.get("index").asInt() : i;
                JsonNode function = call.path("function");
                out.add(new StreamEvent.ToolCallDelta(index, textOrNull(call.get("id")),
                        textOrNull(function.get("name")), textOrNull(function.get("arguments"))));
            }
        }
    }

    static void finish(JsonNode finishReason, List<StreamEvent> out) {
        if (finishReason == null || !finishReason.isTextual()) return;
        String raw = finishReason.asText();
        FinishReason reason = switch (raw) {
            case "stop" -> FinishReason.STOP;
            case "length" -> FinishReason.LENGTH;
            case "tool_calls", "function_call" -> FinishReason.TOOL_USE;
            case "content_filter" -> FinishReason.CONTENT_FILTER;
            default -> FinishReason.OTHER;
        };
        out.add(new StreamEvent.Finish(reason, raw));
    }

    static void usage(JsonNode usage, List<StreamEvent> out) {
        if (usage == null || !usage.isObject()) return;
        out.add(new StreamEvent.UsageUpdate(new Usage(
                usage.path("prompt_tokens").asLong(0),
                usage.path("completion_tokens").asLong(0),
                usage.path("prompt_tokens_details").path("cached_tokens").asLong(0),
                0,
                usage.path("completion_tokens_details").path("reasoning_tokens").asLong(0))));
    }

    static StreamEvent.Started started(JsonNode chunk) {
        String id = textOrNull(chunk.get("id"));
        String model = textOrNull(chunk.get("model"));
        return id == null && model == null ? null : new StreamEvent.Started(id, model);
    }

    private static String nonEmptyText(JsonNode node) {
        String s = textOrNull(node);
        return s == null || s.isEmpty() ? null : s;
    }

    private static String textOrNull(JsonNode node) {
        return node == null || !node.isTextual() ? null : node.asText();
    }
}

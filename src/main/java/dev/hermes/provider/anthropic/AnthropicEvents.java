package dev.hermes.provider.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hermes.llm.FinishReason;
import dev.hermes.llm.StreamEvent;
import dev.hermes.llm.Usage;

import java.util.List;

/** Mappings shared by Anthropic stream events and whole responses. */
final class AnthropicEvents {

    private AnthropicEvents() {
    }

    static void usage(JsonNode usage, List<StreamEvent> out) {
        if (usage == null || !usage.isObject()) return;
        out.add(new StreamEvent.UsageUpdate(new Usage(
                usage.path("input_tokens").asLong(0),
                usage.path("output_tokens").asLong(0),
                usage.path("cache_read_input_tokens").asLong(0),
                usage.path("cache_creation_input_tokens").asLong(0),
                0)));
    }

    static void finish(JsonNode stopReason, List<StreamEvent> out) {
        if (stopReason == null || !stopReason.isTextual()) return;
        String raw = stopReason.asText();
        FinishReason reason = switch (raw) {
            case "end_turn", "stop_sequence" -> FinishReason.STOP;
            case "max_tokens" -> FinishReason.LENGTH;
            case "tool_use" -> FinishReason.TOOL_USE;
            case "pause_turn" -> FinishReason.PAUSE;
            case "refusal" -> FinishReason.REFUSAL;
            default -> FinishReason.OTHER;
        };
        out.add(new StreamEvent.Finish(reason, raw));
    }

    static String text(JsonNode node) {
        return node == null || !node.isTextual() ? null : node.asText();
    }
}

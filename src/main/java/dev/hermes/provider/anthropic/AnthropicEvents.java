package dev.hermes.provider.anthropic;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import dev.hermes.llm.FinishReason;
import dev.hermes.llm.StreamEvent;
import dev.hermes.llm.Usage;
import dev.hermes.provider.http.ChunkJson;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

import static dev.hermes.provider.http.ChunkJson.asLong;
import static dev.hermes.provider.http.ChunkJson.field;
import static dev.hermes.provider.http.ChunkJson.isObject;
import static dev.hermes.provider.http.ChunkJson.skip;

/** Mappings shared by Anthropic stream events and whole responses. */
final class AnthropicEvents {

    private AnthropicEvents() {
    }

    /** The usage object the parser stands on; null when the value is not an object. */
    static Usage usage(JsonParser p) throws IOException {
        if (!isObject(p)) return null;
        long input = 0;
        long output = 0;
        long cacheRead = 0;
        long cacheWrite = 0;
        String name;
        while ((name = field(p)) != null) {
            switch (name) {
                case "input_tokens" -> input = asLong(p);
                case "output_tokens" -> output = asLong(p);
                case "cache_read_input_tokens" -> cacheRead = asLong(p);
                case "cache_creation_input_tokens" -> cacheWrite = asLong(p);
                default -> skip(p);
            }
        }
        return new Usage(input, output, cacheRead, cacheWrite, 0);
    }

    /** The usage of a whole response. */
    static void usage(JsonNode usage, List<StreamEvent> out) {
        if (usage == null || !usage.isObject()) return;
        try (JsonParser p = ChunkJson.open(usage)) {
            out.add(new StreamEvent.UsageUpdate(usage(p)));
        } catch (IOException e) {
            throw new UncheckedIOException("reading a parsed response cannot fail", e);
        }
    }

    static void finish(String stopReason, List<StreamEvent> out) {
        if (stopReason == null) return;
        FinishReason reason = switch (stopReason) {
            case "end_turn", "stop_sequence" -> FinishReason.STOP;
            case "max_tokens" -> FinishReason.LENGTH;
            case "tool_use" -> FinishReason.TOOL_USE;
            case "pause_turn" -> FinishReason.PAUSE;
            case "refusal" -> FinishReason.REFUSAL;
            default -> FinishReason.OTHER;
        };
        out.add(new StreamEvent.Finish(reason, stopReason));
    }

    static String text(JsonNode node) {
        return node == null || !node.isTextual() ? null : node.asText();
    }
}

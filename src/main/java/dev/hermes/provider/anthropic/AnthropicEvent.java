package dev.hermes.provider.anthropic;

import com.fasterxml.jackson.core.JsonParser;
import dev.hermes.llm.Usage;

import java.io.IOException;

import static dev.hermes.provider.http.ChunkJson.asInt;
import static dev.hermes.provider.http.ChunkJson.asText;
import static dev.hermes.provider.http.ChunkJson.field;
import static dev.hermes.provider.http.ChunkJson.isObject;
import static dev.hermes.provider.http.ChunkJson.skip;
import static dev.hermes.provider.http.ChunkJson.text;

/**
 * The fields of one Anthropic Messages stream event that the translator reads, decoded in one
 * pass with a streaming parser (no tree per event; see ChunkJson). Absent values read as the tree
 * code read them: a missing {@code index} is 0, a missing delta type or text is "". A repeated
 * field counts once, the last one.
 */
final class AnthropicEvent {

    String type;
    int index;
    /** {@code message} of a message_start. */
    String messageId;
    String messageModel;
    Usage messageUsage;
    /** {@code content_block} of a content_block_start. */
    String blockType = "";
    String blockText;
    String blockThinking;
    String blockSignature;
    String blockId;
    String blockName;
    /** {@code delta} of a content_block_delta or message_delta. */
    String deltaType = "";
    String deltaText = "";
    String deltaThinking = "";
    String deltaSignature = "";
    String deltaPartialJson = "";
    String stopReason;
    /** Top-level {@code usage} (message_delta). */
    Usage usage;
    /** An {@code error} or {@code base_resp} field was seen: the caller reads the event as a tree. */
    boolean errorShaped;

    /**
     * Reads the object the parser stands on.
     *
     * @param stopAtErrorKey stop as soon as an {@code error} or {@code base_resp} field is seen
     *                       (marked {@link #errorShaped}), so the caller can look at it whole
     */
    static AnthropicEvent decode(JsonParser p, boolean stopAtErrorKey) throws IOException {
        AnthropicEvent e = new AnthropicEvent();
        String name;
        while ((name = field(p)) != null) {
            switch (name) {
                case "type" -> e.type = text(p);
                case "index" -> e.index = asInt(p);
                case "message" -> e.message(p);
                case "content_block" -> e.block(p);
                case "delta" -> e.delta(p);
                case "usage" -> e.usage = AnthropicEvents.usage(p);
                case "error", "base_resp" -> {
                    if (stopAtErrorKey) {
                        e.errorShaped = true;
                        return e;
                    }
                    skip(p);
                }
                default -> skip(p);
            }
        }
        return e;
    }

    private void message(JsonParser p) throws IOException {
        messageId = messageModel = null;
        messageUsage = null;
        if (!isObject(p)) return;
        String name;
        while ((name = field(p)) != null) {
            switch (name) {
                case "id" -> messageId = text(p);
                case "model" -> messageModel = text(p);
                case "usage" -> messageUsage = AnthropicEvents.usage(p);
                default -> skip(p);
            }
        }
    }

    private void block(JsonParser p) throws IOException {
        blockType = "";
        blockText = blockThinking = blockSignature = blockId = blockName = null;
        if (!isObject(p)) return;
        String name;
        while ((name = field(p)) != null) {
            switch (name) {
                case "type" -> blockType = asText(p, "");
                case "text" -> blockText = text(p);
                case "thinking" -> blockThinking = text(p);
                case "signature" -> blockSignature = text(p);
                case "id" -> blockId = text(p);
                case "name" -> blockName = text(p);
                default -> skip(p);
            }
        }
    }

    private void delta(JsonParser p) throws IOException {
        deltaType = deltaText = deltaThinking = deltaSignature = deltaPartialJson = "";
        stopReason = null;
        if (!isObject(p)) return;
        String name;
        while ((name = field(p)) != null) {
            switch (name) {
                case "type" -> deltaType = asText(p, "");
                case "text" -> deltaText = asText(p, "");
                case "thinking" -> deltaThinking = asText(p, "");
                case "signature" -> deltaSignature = asText(p, "");
                case "partial_json" -> deltaPartialJson = asText(p, "");
                case "stop_reason" -> stopReason = text(p);
                default -> skip(p);
            }
        }
    }
}

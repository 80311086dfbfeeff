package dev.hermes.llm;

import java.util.List;

/**
 * A complete model answer: the assistant message, why it ended, token usage, and who actually
 * answered (after failover this may differ from what was asked for).
 */
public record ChatResponse(String provider, String model, Message message, FinishReason finishReason,
                           String rawFinishReason, Usage usage) {

    public ChatResponse {
        if (message.role() != Role.ASSISTANT) {
            throw new IllegalArgumentException("a response message must be an assistant message");
        }
        usage = usage == null ? Usage.ZERO : usage;
    }

    public String text() {
        return message.text();
    }

    public List<ContentBlock.ToolUse> toolUses() {
        return message.toolUses();
    }
}

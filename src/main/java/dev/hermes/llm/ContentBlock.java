package dev.hermes.llm;

import java.util.Objects;

/** One piece of a message's content, in provider-neutral form. */
public sealed interface ContentBlock {

    record Text(String text) implements ContentBlock {
        public Text {
            Objects.requireNonNull(text, "text");
        }
    }

    /**
     * A tool call made by the model. {@code argumentsJson} is the exact JSON text the model produced
     * for the arguments object, never re-serialized, so a continuation or a transcript shows what was sent.
     */
    record ToolUse(String id, String name, String argumentsJson) implements ContentBlock {
        public ToolUse {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(argumentsJson, "argumentsJson");
        }
    }

    /** The outcome of a tool call, sent back to the model. */
    record ToolResult(String toolUseId, String content, boolean isError) implements ContentBlock {
        public ToolResult {
            Objects.requireNonNull(toolUseId, "toolUseId");
            Objects.requireNonNull(content, "content");
        }
    }

    /**
     * Model reasoning ("thinking"). {@code signature} is the provider's opaque integrity token
     * (Anthropic thinking blocks); null when the provider sends none.
     */
    record Reasoning(String text, String signature) implements ContentBlock {
        public Reasoning {
            Objects.requireNonNull(text, "text");
        }
    }
}

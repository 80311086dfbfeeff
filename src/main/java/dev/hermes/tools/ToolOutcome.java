package dev.hermes.tools;

import java.util.Objects;

/** What a tool call produced: text for the model, and whether it is an error. */
public record ToolOutcome(String content, boolean isError) {
    public ToolOutcome {
        Objects.requireNonNull(content, "content");
    }

    public static ToolOutcome ok(String content) {
        return new ToolOutcome(content, false);
    }

    public static ToolOutcome error(String content) {
        return new ToolOutcome(content, true);
    }
}

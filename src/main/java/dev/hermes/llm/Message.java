package dev.hermes.llm;

import java.util.List;
import java.util.Objects;

/** One conversation message: a role and its content blocks. Immutable. */
public record Message(Role role, List<ContentBlock> content) {

    public Message {
        Objects.requireNonNull(role, "role");
        content = List.copyOf(content);
    }

    public static Message system(String text) {
        return new Message(Role.SYSTEM, List.of(new ContentBlock.Text(text)));
    }

    public static Message user(String text) {
        return new Message(Role.USER, List.of(new ContentBlock.Text(text)));
    }

    public static Message assistant(String text) {
        return new Message(Role.ASSISTANT, List.of(new ContentBlock.Text(text)));
    }

    public static Message assistant(List<ContentBlock> blocks) {
        return new Message(Role.ASSISTANT, blocks);
    }

    public static Message toolResult(String toolUseId, String content, boolean isError) {
        return new Message(Role.TOOL, List.of(new ContentBlock.ToolResult(toolUseId, content, isError)));
    }

    /** The concatenation of this message's text blocks. */
    public String text() {
        StringBuilder sb = new StringBuilder();
        for (ContentBlock block : content) {
            if (block instanceof ContentBlock.Text t) sb.append(t.text());
        }
        return sb.toString();
    }

    public List<ContentBlock.ToolUse> toolUses() {
        return content.stream()
                .filter(ContentBlock.ToolUse.class::isInstance)
                .map(ContentBlock.ToolUse.class::cast)
                .toList();
    }
}

package dev.hermes.stream;

import dev.hermes.llm.ContentBlock;

import java.util.List;

/**
 * What a stream delivered before it broke off, for a failover to continue from or report.
 *
 * @param text              the answer text so far
 * @param reasoning         the reasoning text so far (all reasoning blocks concatenated)
 * @param completedToolCalls tool calls whose arguments form a complete JSON object
 * @param openToolCallIndex the index of the tool call whose arguments were still being written,
 *                          or -1 when none was open
 * @param openToolCallName  that call's name, or null
 */
public record PartialOutput(String text, String reasoning, List<ContentBlock.ToolUse> completedToolCalls,
                            int openToolCallIndex, String openToolCallName) {

    public PartialOutput {
        completedToolCalls = List.copyOf(completedToolCalls);
    }

    public boolean isEmpty() {
        return text.isEmpty() && reasoning.isEmpty() && completedToolCalls.isEmpty() && openToolCallIndex < 0;
    }
}

package dev.hermes.agent;

import dev.hermes.failover.CallObserver;
import dev.hermes.llm.ChatResponse;
import dev.hermes.llm.ContentBlock;

/**
 * What a front end sees while the agent runs: the model's text as it streams (the
 * {@link CallObserver} part, restarts included), tool calls and their results, and the end.
 *
 * <p>Every method is called on the thread running {@link ConversationLoop#run}, in order; tools
 * that run in parallel are reported before they start and after they all ended, in the model's
 * order. Implementations must be fast and must not throw.
 */
public interface AgentObserver extends CallObserver {

    AgentObserver NONE = new AgentObserver() {
    };

    /** A tool call is about to run (or be refused: unknown tool, invalid arguments). */
    default void toolCallStarted(ContentBlock.ToolUse call) {
    }

    /** The result that goes back to the model for {@code call}. */
    default void toolResult(ContentBlock.ToolUse call, ContentBlock.ToolResult result) {
    }

    /** Model call number {@code turn} (1-based) gave a complete message. */
    default void turnFinished(int turn, ChatResponse response) {
    }

    /** The run ended; called exactly once per run, last. */
    default void finished(Outcome outcome) {
    }
}

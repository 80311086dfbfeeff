package dev.hermes.agent;

import dev.hermes.failover.AttemptRecord;
import dev.hermes.llm.ContentBlock;
import dev.hermes.llm.FinishReason;
import dev.hermes.llm.Message;
import dev.hermes.llm.Usage;

import java.time.Duration;
import java.util.List;

/**
 * The append-only record of a session. Each call is one durable record, written before the
 * loop goes on, so a crash loses at most the message in flight. Implementations never throw:
 * a failing disk must not end the conversation (they report it once on stderr).
 *
 * <p>Called from the loop's thread only.
 */
public interface Transcript {

    Transcript NONE = new Transcript() {
    };

    /** A message added to the history; provider and model are set for assistant messages. */
    default void message(Message message, String provider, String model) {
    }

    /** A tool call is about to run. A call without a later result was in flight at a crash. */
    default void toolCall(ContentBlock.ToolUse call) {
    }

    default void toolResult(ContentBlock.ToolUse call, ContentBlock.ToolResult result, Duration elapsed) {
    }

    /** One model call's usage and ending. */
    default void usage(String provider, String model, Usage usage, FinishReason finish) {
    }

    /** The attempts of one model call, failed ones included. */
    default void attempts(List<AttemptRecord> attempts) {
    }

    /** Older tool results were shortened to fit the context window. */
    default void compaction(int shortened) {
    }

    /** The middle of the conversation was replaced by a summary (proactive compression). */
    default void compression(ProactiveCompressor.Done.Summarised done) {
    }

    default void error(String message) {
    }

    default void outcome(Outcome outcome) {
    }
}

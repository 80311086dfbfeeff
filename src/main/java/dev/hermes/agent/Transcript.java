package dev.hermes.agent;

import dev.hermes.failover.AttemptRecord;
import dev.hermes.failover.CallEvent;
import dev.hermes.failover.CallListener;
import dev.hermes.llm.ContentBlock;
import dev.hermes.llm.FinishReason;
import dev.hermes.llm.Message;
import dev.hermes.llm.Usage;

import java.time.Duration;

/**
 * The append-only record of a session. Each call is one durable record, written before the
 * loop goes on, so a crash loses at most the message in flight. Implementations never throw:
 * a failing disk must not end the conversation (they report it once on stderr).
 *
 * <p>A transcript is a listener of its model calls' typed events: each entry of a call's attempt
 * list (answered, failed, skipped) is recorded once, as the call announces it.
 *
 * <p>Called from the loop's thread only.
 */
public interface Transcript extends CallListener {

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

    /** One attempt of a model call, failed or skipped ones included. */
    default void attempt(AttemptRecord attempt) {
    }

    /** Records the attempt-list entry an event of a model call adds, if any. */
    @Override
    default void on(CallEvent event) {
        AttemptRecord added = event.recorded();
        if (added != null) attempt(added);
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

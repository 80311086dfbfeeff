package dev.hermes.agent;

import dev.hermes.failover.AttemptRecord;
import dev.hermes.failover.Reason;
import dev.hermes.llm.Usage;

import java.util.List;
import java.util.Objects;

/** How one {@link ConversationLoop#run} ended. Closed set: front ends switch over it exhaustively. */
public sealed interface Outcome {

    /**
     * The model gave a final answer.
     *
     * @param text     the answer, continuations joined
     * @param usage    tokens across every call of this run (failed attempts included)
     * @param provider the provider that gave the last piece
     * @param model    the model that gave the last piece
     */
    record Answered(String text, Usage usage, String provider, String model) implements Outcome {
        public Answered {
            Objects.requireNonNull(text, "text");
            usage = usage == null ? Usage.ZERO : usage;
        }
    }

    /**
     * The loop stopped without an answer: every provider failed, a loop guard fired, or a cut
     * answer could not be completed.
     *
     * @param message  what happened and what the user can do, one or more lines
     * @param reason   the provider failure reason, or null when a loop guard stopped the run
     * @param attempts the failed call's attempts, empty for loop guards
     */
    record GaveUp(String message, Reason reason, List<AttemptRecord> attempts) implements Outcome {
        public GaveUp {
            Objects.requireNonNull(message, "message");
            attempts = attempts == null ? List.of() : List.copyOf(attempts);
        }

        /** Every attempt was rate limited: worth trying again later. */
        public boolean rateLimited() {
            return !attempts.isEmpty() && attempts.stream().allMatch(a -> a.reason() == Reason.RATE_LIMIT);
        }
    }

    /** {@code agent.max_turns} model calls were made without a final answer. */
    record MaxTurns(int turns, Usage usage) implements Outcome {
    }

    /**
     * The user interrupted (Ctrl-C). The conversation so far is kept, in memory and in the
     * transcript; the interrupted model call left nothing behind.
     *
     * @param during "model call", "tool" or "between turns"
     */
    record Interrupted(String during) implements Outcome {
    }
}

package dev.hermes.failover;

import dev.hermes.llm.ChatResponse;
import dev.hermes.llm.Usage;
import dev.hermes.provider.Credential;
import dev.hermes.stream.PartialOutput;

/** How one attempt on one route ended. */
sealed interface AttemptOutcome {

    /** A complete answer: the stream ended after its terminal event. */
    record Answered(ChatResponse response) implements AttemptOutcome {
    }

    /**
     * No complete answer. {@code partial} is what the stream had produced (text already passed to
     * the caller, tool calls that were still being written), {@code usage} what it had reported,
     * {@code credential} the key the request sent (null when keyless or never sent).
     */
    record Failed(Failure failure, PartialOutput partial, Usage usage, Credential credential) implements AttemptOutcome {
    }
}

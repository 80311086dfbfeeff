package dev.hermes.failover;

import dev.hermes.llm.ChatResponse;
import dev.hermes.llm.Usage;

import java.util.List;

/**
 * A complete answer and how it was obtained.
 *
 * @param response   the answer; its provider and model are the route that finished it
 * @param attempts   every attempt in order, the successful one last
 * @param totalUsage tokens across all attempts (failed attempts can bill too)
 */
public record CallResult(ChatResponse response, List<AttemptRecord> attempts, Usage totalUsage) {
    public CallResult {
        attempts = List.copyOf(attempts);
    }
}

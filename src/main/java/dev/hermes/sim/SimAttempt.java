package dev.hermes.sim;

import java.util.List;

/**
 * One model call the simulator saw, as shown by {@code GET /_sim/log}.
 *
 * @param seq       1-based sequence number since start or the last reset
 * @param timeMs    milliseconds since server start when the request was read
 * @param method    HTTP method
 * @param path      request path (no query)
 * @param wire      "chat_completions" or "anthropic_messages"
 * @param model     the model name as sent, or null when the body had none
 * @param fault     the fault played (a scripted turn's own fault when it has one), or null if none applied
 * @param stream    the request asked for a stream
 * @param prefill   the last message was an assistant message (a prefill)
 * @param messages  number of messages in the request
 * @param outcome   what the simulator did: "completed", "cut after 5 chunks", "stalled after 2 chunks",
 *                  "reset", "429", ... ("in progress" while still being answered)
 * @param authKinds which auth headers were present: "bearer", "x-api-key" (never their values)
 * @param maxTokens the request's {@code max_tokens}, or null when it had none
 */
public record SimAttempt(long seq, long timeMs, String method, String path, String wire, String model, String fault,
                         boolean stream, boolean prefill, int messages, String outcome, List<String> authKinds,
                         Integer maxTokens) {

    public SimAttempt {
        authKinds = List.copyOf(authKinds);
    }
}

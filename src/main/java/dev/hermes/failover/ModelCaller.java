package dev.hermes.failover;

import dev.hermes.llm.ChatRequest;

/**
 * Makes one model call that always ends: with one complete answer, or with a
 * {@link CallFailedException} naming every attempt. Retries, client rebuilds, fallbacks and
 * mid-stream failover happen inside; the observer sees text (and restarts) and status lines.
 *
 * <p>Interrupting the calling thread aborts the attempt in flight and ends the call with
 * {@link InterruptedException}; nothing keeps running behind the caller's back.
 */
public interface ModelCaller {

    /**
     * @param request  the request as the caller would send it to the primary; the model field is
     *                 replaced per route
     * @param observer receives the answer's text as it becomes safe to show, and status lines
     */
    CallResult call(ChatRequest request, CallObserver observer) throws InterruptedException;
}

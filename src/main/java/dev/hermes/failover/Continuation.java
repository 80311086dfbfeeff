package dev.hermes.failover;

import dev.hermes.llm.ChatRequest;
import dev.hermes.llm.Message;

import java.util.ArrayList;
import java.util.List;

/**
 * How the next attempt picks up after a stream died with text already shown to the caller.
 *
 * <ul>
 *   <li>{@link Mode#FRESH}: nothing was shown; send the request as it is.</li>
 *   <li>{@link Mode#PREFILL}: the route can continue a prefill; send the shown text as a final
 *   assistant message and pass on only what the model adds.</li>
 *   <li>{@link Mode#RESTART}: the route cannot continue, or the shown output is void (a tool call
 *   was cut: never to be executed, it must be asked for again; or the answer grew without end):
 *   tell the caller to discard what it showed, then send the request as it is.</li>
 * </ul>
 *
 * <p>The prefill is the shown text without trailing whitespace (Anthropic rejects it); what the
 * model sends is joined to the shown text by the {@link ContinuationJoiner}, which drops a
 * repeated overlap (that whitespace included).
 */
record Continuation(Mode mode, ChatRequest request) {

    enum Mode { FRESH, PREFILL, RESTART }

    static Continuation plan(ChatRequest original, String shown, boolean mustRestart, boolean routeAcceptsPrefill) {
        if (shown.isEmpty() && !mustRestart) return new Continuation(Mode.FRESH, original);
        if (mustRestart || !routeAcceptsPrefill || original.hasPrefill() || shown.isBlank()) {
            return new Continuation(shown.isEmpty() ? Mode.FRESH : Mode.RESTART, original);
        }
        List<Message> messages = new ArrayList<>(original.messages());
        messages.add(Message.assistant(shown.stripTrailing()));
        return new Continuation(Mode.PREFILL, original.withMessages(messages));
    }
}

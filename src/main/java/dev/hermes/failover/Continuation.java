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
 *   <li>{@link Mode#RESTART}: the route cannot continue, or a tool call was cut (never to be
 *   executed; it must be asked for again): tell the caller to discard what it showed, then send
 *   the request as it is.</li>
 * </ul>
 *
 * <p>Wire clients trim trailing whitespace from a prefill (Anthropic rejects it), so the shown
 * text's trailing whitespace is held here and a continuation that starts by repeating it is not
 * shown twice.
 */
record Continuation(Mode mode, ChatRequest request, String heldWhitespace) {

    enum Mode { FRESH, PREFILL, RESTART }

    static Continuation plan(ChatRequest original, String shown, boolean toolCallCut, boolean routeAcceptsPrefill) {
        if (shown.isEmpty() && !toolCallCut) return new Continuation(Mode.FRESH, original, "");
        if (toolCallCut || !routeAcceptsPrefill || original.hasPrefill() || shown.isBlank()) {
            return new Continuation(shown.isEmpty() ? Mode.FRESH : Mode.RESTART, original, "");
        }
        String trimmed = shown.stripTrailing();
        List<Message> messages = new ArrayList<>(original.messages());
        messages.add(Message.assistant(trimmed));
        return new Continuation(Mode.PREFILL, original.withMessages(messages), shown.substring(trimmed.length()));
    }

    /** The part of a continuation delta that was not already shown (the held whitespace is skipped once). */
    static String unseen(String delta, StringBuilder pendingWhitespace) {
        int skip = 0;
        while (skip < delta.length() && skip < pendingWhitespace.length()
                && delta.charAt(skip) == pendingWhitespace.charAt(skip)) {
            skip++;
        }
        if (skip < delta.length() || skip == pendingWhitespace.length()) pendingWhitespace.setLength(0);
        else pendingWhitespace.delete(0, skip);
        return delta.substring(skip);
    }
}

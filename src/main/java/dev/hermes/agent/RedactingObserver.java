package dev.hermes.agent;

import dev.hermes.llm.ChatResponse;
import dev.hermes.llm.ContentBlock;
import dev.hermes.log.Redactor;
import dev.hermes.log.StreamRedactor;

/**
 * Puts {@link Redactor} in front of a printer, so no front end can forget it: every string that
 * reaches the delegate is redacted, and the streamed text and reasoning go through a
 * {@link StreamRedactor} each, so a key that a provider splits across two deltas is masked too
 * (the last word or two of a stream show a moment later, when the next delta or the end comes).
 */
public final class RedactingObserver implements AgentObserver {

    private final AgentObserver delegate;
    private final StreamRedactor text = new StreamRedactor();
    private final StreamRedactor reasoning = new StreamRedactor();

    public RedactingObserver(AgentObserver delegate) {
        this.delegate = delegate;
    }

    @Override
    public void text(String delta) {
        String safe = text.push(delta);
        if (!safe.isEmpty()) delegate.text(safe);
    }

    @Override
    public void reasoning(String delta) {
        String safe = reasoning.push(delta);
        if (!safe.isEmpty()) delegate.reasoning(safe);
    }

    @Override
    public void restart(String why) {
        text.discard();
        reasoning.discard();
        delegate.restart(Redactor.redact(why));
    }

    @Override
    public void alive() {
        delegate.alive();
    }

    @Override
    public void status(String line) {
        flush();
        delegate.status(Redactor.redact(line));
    }

    @Override
    public void toolCallStarted(ContentBlock.ToolUse call) {
        flush();
        delegate.toolCallStarted(new ContentBlock.ToolUse(call.id(), call.name(), Redactor.redact(call.argumentsJson())));
    }

    @Override
    public void toolResult(ContentBlock.ToolUse call, ContentBlock.ToolResult result) {
        delegate.toolResult(new ContentBlock.ToolUse(call.id(), call.name(), Redactor.redact(call.argumentsJson())),
                new ContentBlock.ToolResult(result.toolUseId(), Redactor.redact(result.content()), result.isError()));
    }

    @Override
    public void turnFinished(int turn, ChatResponse response) {
        flush();
        delegate.turnFinished(turn, response);
    }

    @Override
    public void finished(Outcome outcome) {
        flush();
        delegate.finished(switch (outcome) {
            case Outcome.Answered a -> new Outcome.Answered(Redactor.redact(a.text()), a.usage(), a.provider(), a.model());
            case Outcome.GaveUp g -> new Outcome.GaveUp(Redactor.redact(g.message()), g.reason(), g.attempts());
            case Outcome.MaxTurns m -> m;
            case Outcome.Interrupted i -> i;
        });
    }

    private void flush() {
        String t = text.flush();
        if (!t.isEmpty()) delegate.text(t);
        String r = reasoning.flush();
        if (!r.isEmpty()) delegate.reasoning(r);
    }
}

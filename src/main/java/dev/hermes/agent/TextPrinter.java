package dev.hermes.agent;

import dev.hermes.llm.ChatResponse;
import dev.hermes.llm.ContentBlock;

import java.io.PrintWriter;

/**
 * {@code --format text} and the interactive chat: the model's words on stdout, tool activity and
 * status lines on stderr (one line each, prefixed), so stdout stays the conversation.
 *
 * <p>On a terminal, text streams as it comes, and a restart is marked with a line break and a
 * status line. Otherwise (a pipe, a file) stdout gets exactly the final answer, once, when the
 * run has ended with one: text of intermediate turns and of voided attempts never reaches it.
 */
public final class TextPrinter implements AgentObserver {

    private static final int SHOWN_ARGUMENTS = 160;
    private static final int SHOWN_RESULT = 200;

    private final PrintWriter out;
    private final PrintWriter err;
    private final boolean terminal;
    private boolean lineOpen;

    public TextPrinter(PrintWriter out, PrintWriter err, boolean terminal) {
        this.out = out;
        this.err = err;
        this.terminal = terminal;
    }

    @Override
    public void text(String delta) {
        if (!terminal || delta.isEmpty()) return;
        out.print(delta);
        out.flush();
        lineOpen = !delta.endsWith("\n");
    }

    @Override
    public void restart(String why) {
        status("restarting the answer: " + why);
    }

    @Override
    public void status(String line) {
        endLine();
        err.println("hermes: " + line);
        err.flush();
    }

    @Override
    public void toolCallStarted(ContentBlock.ToolUse call) {
        endLine();
        err.println("  -> " + call.name() + " " + LoopGuard.abbreviate(call.argumentsJson().strip(), SHOWN_ARGUMENTS));
        err.flush();
    }

    @Override
    public void toolResult(ContentBlock.ToolUse call, ContentBlock.ToolResult result) {
        String first = result.content().strip().lines().findFirst().orElse("");
        err.println("  " + (result.isError() ? "x " : "ok ") + call.name() + ": " + LoopGuard.abbreviate(first, SHOWN_RESULT));
        err.flush();
    }

    @Override
    public void turnFinished(int turn, ChatResponse response) {
        endLine();
    }

    @Override
    public void finished(Outcome outcome) {
        switch (outcome) {
            case Outcome.Answered a -> {
                if (!terminal) {
                    out.print(a.text());
                    if (!a.text().endsWith("\n")) out.println();
                }
                endLine();
                out.flush();
            }
            case Outcome.GaveUp g -> status(g.message());
            case Outcome.MaxTurns m -> status("stopped after " + m.turns() + " model calls without a final answer"
                    + " (max turns; raise it with --max-turns or agent.max_turns)");
            case Outcome.Interrupted i -> status("interrupted (" + i.during() + "); the conversation so far is kept");
        }
    }

    private void endLine() {
        if (lineOpen) {
            out.println();
            out.flush();
            lineOpen = false;
        }
    }
}

package dev.hermes.agent;

import dev.hermes.llm.ChatResponse;
import dev.hermes.llm.ContentBlock;
import dev.hermes.log.Redactor;

import java.io.PrintWriter;

/**
 * {@code --format text} and the interactive chat: the model's words on stdout, tool activity and
 * status lines on stderr (one line each, prefixed), so stdout stays the conversation.
 *
 * <p>On a terminal, text streams as it comes; when an answer is restarted on another provider
 * the text shown for it is erased (ANSI: back to its first row, clear to the end of the screen)
 * and a status line says why. Otherwise (a pipe, a file) stdout gets exactly the final answer,
 * once, when the run has ended with one: text of intermediate turns and of voided attempts never
 * reaches it. Status lines pass through {@link Redactor}.
 */
public final class TextPrinter implements AgentObserver {

    private static final int SHOWN_ARGUMENTS = 160;
    private static final int SHOWN_RESULT = 200;

    private final PrintWriter out;
    private final PrintWriter err;
    private final boolean terminal;
    private final int width;
    /** Text shown on the terminal for the current model call: what a restart must erase. */
    private final StringBuilder shown = new StringBuilder();
    private boolean lineOpen;

    public TextPrinter(PrintWriter out, PrintWriter err, boolean terminal) {
        this(out, err, terminal, 80);
    }

    /** @param width the terminal's width in columns, to know how many rows shown text took */
    public TextPrinter(PrintWriter out, PrintWriter err, boolean terminal, int width) {
        this.out = out;
        this.err = err;
        this.terminal = terminal;
        this.width = Math.max(1, width);
    }

    @Override
    public void text(String delta) {
        if (!terminal || delta.isEmpty()) return;
        out.print(delta);
        out.flush();
        shown.append(delta);
        lineOpen = !delta.endsWith("\n");
    }

    @Override
    public void restart(String why) {
        if (terminal && !shown.isEmpty()) {
            int rows = rowsShown(shown, width);
            out.print("\r" + (rows > 1 ? "\u001b[" + (rows - 1) + "F" : "") + "\u001b[J");
            out.flush();
            lineOpen = false;
        }
        shown.setLength(0);
        status(why);
    }

    @Override
    public void status(String line) {
        endLine();
        err.println("hermes: " + Redactor.redact(line));
        err.flush();
    }

    /** Terminal rows {@code text} occupies when printed from the first column, wrapping at {@code width}. */
    static int rowsShown(CharSequence text, int width) {
        int rows = 1;
        int col = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\n') {
                rows++;
                col = 0;
            } else if (++col > width) {
                rows++;
                col = 1;
            }
        }
        return rows;
    }

    @Override
    public void toolCallStarted(ContentBlock.ToolUse call) {
        endLine();
        err.println(Redactor.redact("  -> " + call.name() + " " + LoopGuard.abbreviate(call.argumentsJson().strip(), SHOWN_ARGUMENTS)));
        err.flush();
    }

    @Override
    public void toolResult(ContentBlock.ToolUse call, ContentBlock.ToolResult result) {
        String first = result.content().strip().lines().findFirst().orElse("");
        err.println(Redactor.redact("  " + (result.isError() ? "x " : "ok ") + call.name() + ": " + LoopGuard.abbreviate(first, SHOWN_RESULT)));
        err.flush();
    }

    @Override
    public void turnFinished(int turn, ChatResponse response) {
        shown.setLength(0);
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

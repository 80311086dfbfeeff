package dev.hermes.agent;

import dev.hermes.llm.ChatResponse;
import dev.hermes.llm.ContentBlock;
import dev.hermes.log.Redactor;
import dev.hermes.log.ScreenText;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntSupplier;

/**
 * {@code --format text} and the interactive chat: the model's words on stdout, tool activity and
 * status lines on stderr (one line each, prefixed), so stdout stays the conversation. Everything
 * passes through {@link ScreenText} (no raw control character reaches the screen) and status
 * lines through {@link Redactor}; the model's text arrives already redacted ({@link RedactingObserver}).
 *
 * <p>On a terminal, text streams as it comes; when an answer is restarted on another provider
 * the text shown for it is erased and a status line says why. The erase is exact: this printer
 * knows every row it put on the screen since the answer began (the answer, wrapped at the
 * terminal's width as it is at the moment of the erase, and the status lines printed in between
 * when stderr shares the screen), moves back to the answer's first row, clears to the end of the
 * screen, and prints the status lines again. Otherwise (a pipe, a file) stdout gets exactly the
 * final answer, once, when the run has ended with one: text of intermediate turns and of voided
 * attempts never reaches it.
 */
public final class TextPrinter implements AgentObserver {

    /**
     * Where output lands.
     *
     * @param stdoutTerminal text streams to a terminal (else the final answer is printed once)
     * @param statusOnScreen status lines (stderr) appear on the same screen as the text
     * @param width          the terminal's width in columns, asked when an erase needs it
     */
    public record Screen(boolean stdoutTerminal, boolean statusOnScreen, IntSupplier width) {

        /** This process's: stdout and stderr are terminals when {@code bin/hermes} says so. */
        public static Screen ofProcess(boolean stdoutTerminal) {
            return new Screen(stdoutTerminal, stdoutTerminal && Boolean.getBoolean("hermes.stderr.tty"), TerminalSize::columns);
        }
    }

    private static final int SHOWN_ARGUMENTS = 160;
    private static final int SHOWN_RESULT = 200;

    private final PrintWriter out;
    private final PrintWriter err;
    private final Screen screen;
    /** Everything on the screen since the current answer's first character: what a restart erases. */
    private final StringBuilder shown = new StringBuilder();
    /** The status lines inside {@link #shown}, printed again after an erase. */
    private final List<String> statusesShown = new ArrayList<>();
    private boolean lineOpen;

    public TextPrinter(PrintWriter out, PrintWriter err, boolean terminal) {
        this(out, err, Screen.ofProcess(terminal));
    }

    public TextPrinter(PrintWriter out, PrintWriter err, Screen screen) {
        this.out = out;
        this.err = err;
        this.screen = screen;
    }

    @Override
    public void text(String delta) {
        if (!screen.stdoutTerminal() || delta.isEmpty()) return;
        String safe = ScreenText.text(delta);
        out.print(safe);
        out.flush();
        shown.append(safe);
        lineOpen = !safe.endsWith("\n");
    }

    @Override
    public void restart(String why) {
        if (screen.stdoutTerminal() && !shown.isEmpty()) {
            err.flush();
            int rows = ScreenText.rows(shown, Math.max(1, screen.width().getAsInt()));
            out.print("\r" + (rows > 1 ? "\u001b[" + (rows - 1) + "F" : "") + "\u001b[J");
            out.flush();
            lineOpen = false;
            List<String> again = List.copyOf(statusesShown);
            forget();
            again.forEach(this::printStatus);
        }
        forget();
        status(why);
    }

    @Override
    public void status(String line) {
        endLine();
        String shownLine = "hermes: " + ScreenText.line(Redactor.redact(line));
        if (!shown.isEmpty() && screen.statusOnScreen()) {
            statusesShown.add(shownLine);
            shown.append(shownLine).append('\n');
        }
        printStatus(shownLine);
    }

    private void printStatus(String shownLine) {
        err.println(shownLine);
        err.flush();
    }

    @Override
    public void toolCallStarted(ContentBlock.ToolUse call) {
        endLine();
        printStatus(ScreenText.line(Redactor.redact("  -> " + call.name() + " "
                + LoopGuard.abbreviate(call.argumentsJson().strip(), SHOWN_ARGUMENTS))));
    }

    @Override
    public void toolResult(ContentBlock.ToolUse call, ContentBlock.ToolResult result) {
        String first = result.content().strip().lines().findFirst().orElse("");
        printStatus(ScreenText.line(Redactor.redact("  " + (result.isError() ? "x " : "ok ") + call.name() + ": "
                + LoopGuard.abbreviate(first, SHOWN_RESULT))));
    }

    @Override
    public void turnFinished(int turn, ChatResponse response) {
        forget();
        endLine();
    }

    @Override
    public void finished(Outcome outcome) {
        switch (outcome) {
            case Outcome.Answered a -> {
                if (!screen.stdoutTerminal()) {
                    String text = ScreenText.text(a.text());
                    out.print(text);
                    if (!text.endsWith("\n")) out.println();
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

    private void forget() {
        shown.setLength(0);
        statusesShown.clear();
    }

    private void endLine() {
        if (lineOpen) {
            out.println();
            out.flush();
            lineOpen = false;
            if (!shown.isEmpty()) shown.append('\n');
        }
    }
}

package dev.hermes.cli;

import dev.hermes.failover.CallObserver;
import dev.hermes.log.Redactor;

import java.io.PrintWriter;

/**
 * Prints a one-shot answer so that stdout ends up holding exactly one copy of it, whatever
 * happened on the way. Status goes to stderr, one line each.
 *
 * <ul>
 *   <li>stdout is not a terminal (a pipe, a file, a kanban log): text is held back until the
 *   answer is complete, then written once. A restart simply drops what was held.</li>
 *   <li>stdout is a terminal: text streams as it comes; on a restart the shown text is erased
 *   with ANSI controls before the new answer streams.</li>
 * </ul>
 */
final class AnswerPrinter implements CallObserver {
    private final PrintWriter out;
    private final PrintWriter err;
    private final boolean terminal;
    private final StringBuilder answer = new StringBuilder();
    private int terminalWidth = 80;

    AnswerPrinter(PrintWriter out, PrintWriter err, boolean terminal) {
        this.out = out;
        this.err = err;
        this.terminal = terminal;
    }

    void terminalWidth(int columns) {
        if (columns > 0) terminalWidth = columns;
    }

    @Override
    public void text(String delta) {
        answer.append(delta);
        if (terminal) {
            out.print(delta);
            out.flush();
        }
    }

    @Override
    public void restart(String why) {
        if (terminal && !answer.isEmpty()) {
            int rows = rowsShown(answer, terminalWidth);
            // Return to the first column of the first row we printed, then clear to the end of screen.
            out.print("\r" + (rows > 1 ? "\u001b[" + (rows - 1) + "F" : "") + "\u001b[J");
            out.flush();
        }
        answer.setLength(0);
        status(why);
    }

    @Override
    public void status(String line) {
        err.println("hermes: " + Redactor.redact(line));
        err.flush();
    }

    /** Called once the answer is complete: prints it if it was held back, ends the line. */
    void finish() {
        if (!terminal) out.print(answer);
        if (answer.isEmpty() || answer.charAt(answer.length() - 1) != '\n') out.println();
        out.flush();
    }

    /** Called when no complete answer was possible: a partial answer never reaches a pipe. */
    void abandon() {
        if (terminal && !answer.isEmpty()) {
            out.println();
            out.flush();
        }
    }

    String answer() {
        return answer.toString();
    }

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
}

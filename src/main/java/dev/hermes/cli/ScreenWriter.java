package dev.hermes.cli;

import dev.hermes.log.Redactor;
import dev.hermes.log.ScreenText;

import java.io.PrintWriter;

/**
 * A command's output for a person: everything written passes through {@link Redactor} and
 * {@link ScreenText}, so kanban titles and comments a worker model wrote, run summaries, events,
 * log lines and error messages can neither show a secret nor drive the terminal. {@link Main}
 * puts one around stdout and stderr; {@code chat} and {@code demo}, whose printers sanitise per
 * piece and must send their own cursor movements, take the {@link #unwrap unwrapped} writer.
 */
final class ScreenWriter extends PrintWriter {

    private final PrintWriter raw;

    ScreenWriter(PrintWriter raw) {
        super(raw, true);
        this.raw = raw;
    }

    /** The writer underneath, for printers that sanitise themselves; {@code w} itself otherwise. */
    static PrintWriter unwrap(PrintWriter w) {
        return w instanceof ScreenWriter s ? s.raw : w;
    }

    @Override
    public void write(String s, int off, int len) {
        String shown = ScreenText.text(Redactor.redact(s.substring(off, off + len)));
        super.write(shown, 0, shown.length());
    }

    @Override
    public void write(char[] buf, int off, int len) {
        write(new String(buf, off, len), 0, len);
    }

    @Override
    public void write(int c) {
        write(String.valueOf((char) c), 0, 1);
    }
}

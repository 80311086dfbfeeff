package dev.hermes.log;

/**
 * The one sanitiser for everything printed for a person (model text, tool output, status and
 * log lines, kanban titles, the approval prompt): control characters never reach the terminal
 * raw, so text cannot move the cursor, hide itself ({@code ESC[8m}), overwrite a line with a
 * carriage return, or reorder itself with bidirectional overrides. Each such character is shown
 * as an escape instead: {@code \x1b}, {@code \r}, {@code \u202e}. Newlines and tabs stay in
 * {@link #text}, and are escaped too in {@link #line}. Also counts the columns a text occupies,
 * for erasing exactly what was printed. Stateless and thread-safe.
 */
public final class ScreenText {

    private ScreenText() {
    }

    /** Multi-line text for the screen: newlines and tabs kept ({@code \r\n} becomes a newline). */
    public static String text(String s) {
        return clean(s, false);
    }

    /** One line for the screen: newlines escaped too, so what is shown is exactly what is there. */
    public static String line(String s) {
        return clean(s, true);
    }

    private static String clean(String s, boolean oneLine) {
        if (s == null) return "";
        StringBuilder out = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            String shown = escape(c, oneLine, i + 1 < s.length() && s.charAt(i + 1) == '\n');
            if (shown == null && out == null) continue;
            if (out == null) out = new StringBuilder(s.length() + 16).append(s, 0, i);
            out.append(shown == null ? String.valueOf(c) : shown);
        }
        return out == null ? s : out.toString();
    }

    /** How {@code c} is shown, or null to show it as it is. */
    private static String escape(char c, boolean oneLine, boolean beforeNewline) {
        return switch (c) {
            case '\n' -> oneLine ? "\\n" : null;
            case '\t' -> oneLine ? "\\t" : null;
            case '\r' -> oneLine || !beforeNewline ? "\\r" : "";
            default -> {
                if (c < 0x20 || c == 0x7f || (c >= 0x80 && c <= 0x9f)) yield String.format("\\x%02x", (int) c);
                if ((c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069) || c == 0x200e || c == 0x200f
                        || c == 0x061c) {
                    yield String.format("\\u%04x", (int) c);
                }
                yield null;
            }
        };
    }

    /**
     * Terminal rows that sanitised {@code text} occupies when printed from the first column of a
     * terminal {@code width} columns wide: a line exactly as wide as the terminal leaves the
     * cursor on its last column (the wrap is deferred), wide characters take two columns and
     * move whole to the next row, combining marks take none, a tab moves to the next multiple of 8.
     */
    public static int rows(CharSequence text, int width) {
        int rows = 1;
        int col = 0;
        for (int i = 0; i < text.length(); ) {
            int cp = Character.codePointAt(text, i);
            i += Character.charCount(cp);
            if (cp == '\n') {
                rows++;
                col = 0;
                continue;
            }
            int w = cp == '\t' ? Math.max(1, Math.min(8 - col % 8, width - col)) : columns(cp);
            if (w == 0) continue;
            if (col + w > width) {
                rows++;
                col = 0;
            }
            col += w;
        }
        return rows;
    }

    /** Columns one code point takes on a terminal (wcwidth, for the common ranges). */
    static int columns(int cp) {
        int type = Character.getType(cp);
        if (type == Character.NON_SPACING_MARK || type == Character.ENCLOSING_MARK || type == Character.FORMAT) return 0;
        boolean wide = (cp >= 0x1100 && cp <= 0x115f) || (cp >= 0x2e80 && cp <= 0xa4cf && cp != 0x303f)
                || (cp >= 0xac00 && cp <= 0xd7a3) || (cp >= 0xf900 && cp <= 0xfaff) || (cp >= 0xfe30 && cp <= 0xfe4f)
                || (cp >= 0xff00 && cp <= 0xff60) || (cp >= 0xffe0 && cp <= 0xffe6)
                || (cp >= 0x1f300 && cp <= 0x1f64f) || (cp >= 0x1f900 && cp <= 0x1f9ff) || (cp >= 0x20000 && cp <= 0x3fffd);
        return wide ? 2 : 1;
    }
}

package dev.hermes.agent;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * The width of the process's terminal, asked at the moment it matters (a window may have been
 * resized since start): {@code stty size} on {@code /dev/tty}, else {@code $COLUMNS}, else 80.
 * Only erasing a restarted answer needs it, which is rare, so a child process per question is fine.
 */
final class TerminalSize {

    private static final int FALLBACK = 80;

    private TerminalSize() {
    }

    static int columns() {
        try {
            Process p = new ProcessBuilder("stty", "size").redirectInput(new File("/dev/tty"))
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            if (p.waitFor(2, TimeUnit.SECONDS) && p.exitValue() == 0) {
                String[] rowsCols = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).strip().split("\\s+");
                if (rowsCols.length == 2) return positive(rowsCols[1]);
            }
            p.destroyForcibly();
        } catch (Exception e) {
            // no terminal, no stty: fall through
        }
        String env = System.getenv("COLUMNS");
        return env == null ? FALLBACK : positive(env);
    }

    private static int positive(String s) {
        try {
            int n = Integer.parseInt(s.strip());
            return n > 0 ? n : FALLBACK;
        } catch (NumberFormatException e) {
            return FALLBACK;
        }
    }
}

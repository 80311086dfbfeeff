package dev.hermes.it;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** One command in a tmux pane (a real pseudo-terminal), on a private tmux server: typed into, read back. */
final class Tmux implements AutoCloseable {
    private final String socket;

    Tmux(String socket) {
        this.socket = socket;
    }

    void start(Path dir, String command) throws Exception {
        tmux("new-session", "-d", "-s", "main", "-x", "120", "-y", "40", "-c", dir.toString(), command);
    }

    void type(String line) throws Exception {
        tmux("send-keys", "-t", "main", "-l", line);
        tmux("send-keys", "-t", "main", "Enter");
    }

    /** Sends keys by tmux name ({@code C-c}, {@code Enter}). */
    void keys(String... names) throws Exception {
        List<String> args = new ArrayList<>(List.of("send-keys", "-t", "main"));
        args.addAll(List.of(names));
        tmux(args.toArray(String[]::new));
    }

    String screen() throws Exception {
        return tmux("capture-pane", "-p", "-t", "main", "-S", "-200");
    }

    /** Waits until the screen shows {@code text}; fails with the screen when it does not within {@code limit}. */
    void await(String text, Duration limit) throws Exception {
        long end = System.nanoTime() + limit.toNanos();
        String shown = "";
        while (System.nanoTime() < end) {
            shown = screen();
            if (shown.contains(text)) return;
            Thread.sleep(100); // polling a screen: there is no event to wait on
        }
        throw new AssertionError("the terminal never showed \"" + text + "\" within " + limit + "; it shows:\n" + shown);
    }

    private String tmux(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("tmux", "-L", socket));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(20, TimeUnit.SECONDS) || p.exitValue() != 0) throw new IllegalStateException("tmux " + args[0] + ": " + out);
        return out;
    }

    @Override
    public void close() throws Exception {
        try {
            tmux("kill-server");
        } catch (IllegalStateException ignored) {
            // already gone
        }
    }
}

package dev.hermes.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A real terminal for tests: a tmux server on its own socket with one pane of a given size,
 * running a shell command; {@link #screen} is what a person would see (wrapped lines joined, so
 * a text can be searched whole). Closing kills the server. Tests that need it skip when tmux is
 * not installed.
 */
public final class Tmux implements AutoCloseable {

    private final String socket;

    private Tmux(String socket) {
        this.socket = socket;
    }

    public static boolean available() {
        try {
            return new ProcessBuilder("tmux", "-V").redirectErrorStream(true).start().waitFor() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    /** Starts {@code command} (run by {@code sh -c}) in a {@code columns} x {@code rows} pane in {@code dir}. */
    public static Tmux start(int columns, int rows, Path dir, String command) throws IOException, InterruptedException {
        Tmux t = new Tmux("hermes-test-" + ProcessHandle.current().pid() + "-" + System.nanoTime());
        t.tmux("new-session", "-d", "-x", Integer.toString(columns), "-y", Integer.toString(rows), "-c", dir.toString(),
                "sh", "-c", command);
        t.tmux("set-option", "-g", "remain-on-exit", "on");
        return t;
    }

    /** The pane's text, history included, with wrapped lines joined. */
    public String screen() throws IOException, InterruptedException {
        return tmux("capture-pane", "-p", "-J", "-S", "-", "-t", "0");
    }

    /** The pane's rows as shown, unjoined (each at most the pane's width). */
    public List<String> rows() throws IOException, InterruptedException {
        return tmux("capture-pane", "-p", "-S", "-", "-t", "0").lines().toList();
    }

    public void sendKeys(String... keys) throws IOException, InterruptedException {
        List<String> args = new ArrayList<>(List.of("send-keys", "-t", "0"));
        args.addAll(List.of(keys));
        tmux(args.toArray(String[]::new));
    }

    /** Waits until the screen satisfies {@code done}; fails with the screen after {@code timeout}. */
    public String await(Predicate<String> done, Duration timeout) throws IOException, InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        String screen = screen();
        while (!done.test(screen)) {
            if (System.nanoTime() > end) throw new AssertionError("the terminal never showed what was expected:\n" + screen);
            Thread.sleep(50);
            screen = screen();
        }
        return screen;
    }

    @Override
    public void close() throws IOException, InterruptedException {
        tmux("kill-server");
    }

    private String tmux(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("tmux", "-L", socket, "-f", "/dev/null"));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(10, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("tmux " + String.join(" ", args) + " did not end");
        }
        if (p.exitValue() != 0 && !args[0].equals("kill-server")) {
            throw new IOException("tmux " + String.join(" ", args) + " failed: " + out);
        }
        return out;
    }
}

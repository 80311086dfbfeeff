package dev.hermes.agent;

import dev.hermes.util.Sleeper;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.BooleanSupplier;

/** {@code hermes logs}: the last lines of a log file, and following it as it grows (polling). */
public final class LogTail {

    private LogTail() {
    }

    /** The last {@code n} lines of {@code file}; empty when it does not exist. */
    public static List<String> last(Path file, int n) throws IOException {
        if (!Files.isRegularFile(file)) return List.of();
        Deque<String> lines = new ArrayDeque<>(n + 1);
        try (var reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            for (String line; (line = reader.readLine()) != null; ) {
                lines.addLast(line);
                if (lines.size() > n) lines.removeFirst();
            }
        }
        return new ArrayList<>(lines);
    }

    /**
     * Prints lines appended to {@code file} from its current end until {@code stop} says so,
     * checking every {@code poll}. A file that shrank was rotated: reading starts again at its
     * beginning. A line still being written is printed once complete.
     */
    public static void follow(Path file, PrintWriter out, Duration poll, Sleeper sleeper, BooleanSupplier stop)
            throws IOException, InterruptedException {
        long position = Files.isRegularFile(file) ? Files.size(file) : 0;
        StringBuilder partial = new StringBuilder();
        while (!stop.getAsBoolean()) {
            long size = Files.isRegularFile(file) ? Files.size(file) : 0;
            if (size < position) {
                position = 0;
                partial.setLength(0);
            }
            if (size > position) {
                byte[] bytes;
                try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
                    raf.seek(position);
                    bytes = new byte[(int) Math.min(size - position, 1 << 20)];
                    raf.readFully(bytes);
                }
                position += bytes.length;
                partial.append(new String(bytes, StandardCharsets.UTF_8));
                int nl;
                while ((nl = partial.indexOf("\n")) >= 0) {
                    out.println(partial.substring(0, nl));
                    partial.delete(0, nl + 1);
                }
                out.flush();
            }
            sleeper.sleep(poll);
        }
    }
}

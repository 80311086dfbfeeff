package dev.hermes.log;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * An append-only text file that rolls over by size: {@code name} -> {@code name.1} -> ... ->
 * {@code name.N}, the oldest dropped. Several processes (kanban workers) may append to the same
 * file; each line is written with one append call so lines never interleave mid-line.
 */
final class RollingFile {
    private final Path path;
    private final long maxBytes;
    private final int keep;
    private OutputStream out;

    RollingFile(Path path, long maxBytes, int keep) {
        this.path = path;
        this.maxBytes = maxBytes;
        this.keep = keep;
    }

    synchronized void append(String line) throws IOException {
        byte[] bytes = (line + "\n").getBytes(StandardCharsets.UTF_8);
        if (out == null) open();
        if (Files.size(path) + bytes.length > maxBytes) {
            roll();
        }
        out.write(bytes);
        out.flush();
    }

    private void open() throws IOException {
        Files.createDirectories(path.getParent());
        out = Files.newOutputStream(path, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    private void roll() throws IOException {
        out.close();
        for (int i = keep - 1; i >= 1; i--) {
            Path from = sibling(i);
            if (Files.exists(from)) Files.move(from, sibling(i + 1), StandardCopyOption.REPLACE_EXISTING);
        }
        if (keep >= 1) Files.move(path, sibling(1), StandardCopyOption.REPLACE_EXISTING);
        else Files.deleteIfExists(path);
        open();
    }

    private Path sibling(int n) {
        return path.resolveSibling(path.getFileName() + "." + n);
    }

    synchronized void close() {
        try {
            if (out != null) out.close();
        } catch (IOException ignored) {
            // closing a log must never fail the program
        }
        out = null;
    }
}

package dev.hermes.tools;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reading workspace files as text, refusing binaries and oversized files with clear messages. */
final class TextFiles {

    /** How much of a file's start is inspected for NUL bytes, as git and grep do. */
    static final int SNIFF_BYTES = 8192;

    private TextFiles() {
    }

    /** Fails unless the path names an existing regular file. */
    static void requireFile(Path file, Workspace workspace) throws ToolException {
        String shown = workspace.display(file);
        if (Files.isDirectory(file)) throw new ToolException(shown + " is a directory, not a file; use list_dir to see it");
        if (!Files.exists(file)) throw new ToolException("file not found: " + shown + " (workspace " + workspace.root() + ")");
        if (!Files.isRegularFile(file)) throw new ToolException(shown + " is not a regular file");
    }

    static boolean looksBinary(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return containsNul(in.readNBytes(SNIFF_BYTES));
        }
    }

    static boolean containsNul(byte[] bytes) {
        for (byte b : bytes) if (b == 0) return true;
        return false;
    }

    /** The whole file as UTF-8 text (malformed bytes replaced), for tools that rewrite files. */
    static String readWhole(Path file, Workspace workspace, long maxBytes) throws ToolException, IOException {
        requireFile(file, workspace);
        long size = Files.size(file);
        String shown = workspace.display(file);
        if (size > maxBytes) throw new ToolException(shown + " is " + size + " bytes, over the " + maxBytes + "-byte limit for editing");
        byte[] bytes = Files.readAllBytes(file);
        if (containsNul(bytes)) throw new ToolException(shown + " is a binary file; refusing to edit it as text");
        return new String(bytes, StandardCharsets.UTF_8);
    }
}

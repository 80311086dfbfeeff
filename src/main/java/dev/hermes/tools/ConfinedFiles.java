package dev.hermes.tools;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Opens, writes and deletes workspace files without following a symbolic link anywhere below the
 * workspace root, closing the window between {@link Workspace#resolve}'s check and the use.
 *
 * <p>{@link Workspace#resolve} returns a path with every link resolved, so no component of it
 * below the root should be a link. Here the path is walked from the root one directory at a time
 * through {@link SecureDirectoryStream} ({@code openat} with {@code O_NOFOLLOW} on Linux), and the
 * file itself is opened, created, renamed ({@code renameat}) and deleted ({@code unlinkat})
 * relative to the directory so opened. A link swapped in after the check makes the open fail
 * instead of escaping: the call is refused, naming the path.
 *
 * <p>Where the platform has no {@link SecureDirectoryStream} (not Linux or another Unix), files
 * are opened by path after the check, and the window remains (docs/tools.md says so).
 */
final class ConfinedFiles {

    private static final Set<OpenOption> READ = Set.of(StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
    private static final Set<OpenOption> CREATE = Set.of(StandardOpenOption.WRITE, StandardOpenOption.CREATE_NEW,
            LinkOption.NOFOLLOW_LINKS);

    private ConfinedFiles() {
    }

    /** Opens a resolved workspace file for reading. */
    static SeekableByteChannel openRead(Workspace workspace, Path file) throws IOException, ToolException {
        try (Parent parent = parent(workspace, file)) {
            if (parent.dir == null) return Files.newByteChannel(file, READ);
            return parent.dir.newByteChannel(parent.name, READ);
        } catch (IOException e) {
            throw refusedOr(workspace, file, e);
        }
    }

    /** The whole content of a resolved workspace file. */
    static byte[] readAll(Workspace workspace, Path file, long maxBytes) throws IOException, ToolException {
        try (SeekableByteChannel channel = openRead(workspace, file)) {
            long size = channel.size();
            if (size > maxBytes) throw new IOException(file + " grew past " + maxBytes + " bytes while it was read");
            ByteBuffer buffer = ByteBuffer.allocate((int) size);
            while (buffer.hasRemaining() && channel.read(buffer) >= 0) {
                // reads until full or the end
            }
            return buffer.position() == buffer.capacity() ? buffer.array() : java.util.Arrays.copyOf(buffer.array(), buffer.position());
        }
    }

    /**
     * Replaces or creates a file atomically: a temporary file in the same directory, forced to
     * disk, renamed over the target. A crash leaves the old file or the new one, never half; an
     * existing file keeps its permissions; a link at the target is replaced, never written through.
     */
    static void write(Workspace workspace, Path file, byte[] content) throws IOException, ToolException {
        try (Parent parent = parent(workspace, file)) {
            if (parent.dir == null) {
                AtomicFiles.write(file, content);
                return;
            }
            SecureDirectoryStream<Path> dir = parent.dir;
            Path temp = Path.of("." + parent.name + "." + Long.toUnsignedString(ThreadLocalRandom.current().nextLong(), 36) + ".tmp");
            try {
                try (SeekableByteChannel channel = dir.newByteChannel(temp, CREATE)) {
                    ByteBuffer buffer = ByteBuffer.wrap(content);
                    while (buffer.hasRemaining()) channel.write(buffer);
                    if (channel instanceof FileChannel fc) fc.force(true);
                }
                dir.getFileAttributeView(temp, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
                        .setPermissions(permissions(dir, parent.name));
                dir.move(temp, dir, parent.name);
                temp = null;
            } finally {
                if (temp != null) deleteQuietly(dir, temp);
            }
        } catch (IOException e) {
            throw refusedOr(workspace, file, e);
        }
    }

    /** Deletes a resolved workspace file if it exists. */
    static void delete(Workspace workspace, Path file) throws IOException, ToolException {
        try (Parent parent = parent(workspace, file)) {
            if (parent.dir == null) {
                Files.deleteIfExists(file);
                return;
            }
            try {
                parent.dir.deleteFile(parent.name);
            } catch (NoSuchFileException e) {
                // already gone
            }
        } catch (IOException e) {
            throw refusedOr(workspace, file, e);
        }
    }

    /**
     * The entries of a resolved workspace directory (absolute paths, sorted), listed through a
     * descriptor reached without following links, so a directory swapped for a link after the
     * check lists nothing from outside.
     */
    static List<Path> list(Workspace workspace, Path dir) throws IOException, ToolException {
        DirectoryStream<Path> root = Files.newDirectoryStream(workspace.root());
        if (!(root instanceof SecureDirectoryStream<Path> secure)) {
            root.close();
            try (var entries = Files.list(dir)) {
                return entries.sorted().toList();
            }
        }
        SecureDirectoryStream<Path> current = secure;
        try {
            for (Path component : workspace.root().relativize(dir)) {
                if (component.toString().isEmpty()) continue; // the root itself
                SecureDirectoryStream<Path> next = current.newDirectoryStream(component, LinkOption.NOFOLLOW_LINKS);
                current.close();
                current = next;
            }
            List<Path> entries = new java.util.ArrayList<>();
            for (Path entry : current) entries.add(dir.resolve(entry.getFileName().toString()));
            entries.sort(null);
            return entries;
        } catch (IOException e) {
            throw refusedOr(workspace, dir, e);
        } finally {
            current.close();
        }
    }

    /** The open directory holding {@code file} (null where there is no secure stream) and the file's name. */
    private record Parent(SecureDirectoryStream<Path> dir, Path name) implements AutoCloseable {
        @Override
        public void close() throws IOException {
            if (dir != null) dir.close();
        }
    }

    private static Parent parent(Workspace workspace, Path file) throws IOException {
        Path relative = workspace.root().relativize(file);
        if (relative.toString().isEmpty() || relative.startsWith("..")) {
            throw new IllegalArgumentException(file + " is not a file inside the workspace " + workspace.root());
        }
        DirectoryStream<Path> root = Files.newDirectoryStream(workspace.root());
        if (!(root instanceof SecureDirectoryStream<Path> dir)) {
            root.close();
            return new Parent(null, file);
        }
        try {
            for (Path component : relative.getParent() == null ? List.<Path>of() : relative.getParent()) {
                SecureDirectoryStream<Path> next = dir.newDirectoryStream(component, LinkOption.NOFOLLOW_LINKS);
                dir.close();
                dir = next;
            }
        } catch (IOException | RuntimeException e) {
            dir.close();
            throw e;
        }
        return new Parent(dir, relative.getFileName());
    }

    private static Set<PosixFilePermission> permissions(SecureDirectoryStream<Path> dir, Path name) {
        try {
            var attrs = dir.getFileAttributeView(name, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS).readAttributes();
            if (attrs.isRegularFile()) return new HashSet<>(attrs.permissions());
        } catch (IOException e) {
            // a new file
        }
        return Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE,
                PosixFilePermission.GROUP_READ, PosixFilePermission.OTHERS_READ);
    }

    private static void deleteQuietly(SecureDirectoryStream<Path> dir, Path name) {
        try {
            dir.deleteFile(name);
        } catch (IOException ignored) {
            // nothing was renamed over the target; a stray temp file is the worst case
        }
    }

    /**
     * A directory on the way, or the file, turned into a link (or vanished) after the check: a
     * refusal for the model. Any other failure (a full disk, say) is rethrown as it is.
     */
    private static ToolException refusedOr(Workspace workspace, Path file, IOException e) throws IOException {
        if (e instanceof NoSuchFileException) {
            return new ToolException("file not found: " + workspace.display(file) + " (it vanished while it was opened)");
        }
        // openat(O_NOFOLLOW) on a link: ELOOP, which the JDK reports as a FileSystemException for
        // a directory and as a plain IOException naming NOFOLLOW_LINKS for the file itself
        boolean link = e instanceof FileSystemException fse && fse.getReason() != null && fse.getReason().contains("symbolic links")
                || String.valueOf(e.getMessage()).contains("NOFOLLOW_LINKS")
                || e instanceof java.nio.file.NotDirectoryException;
        if (!link) throw e;
        return new ToolException("path '" + workspace.display(file) + "' changed while it was opened (a directory on the"
                + " way or the file itself is now a symbolic link); refused, nothing was read or written outside the"
                + " workspace " + workspace.root());
    }
}

package dev.hermes.tools;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * The directory every tool path is confined to. Immutable and thread-safe.
 *
 * <p>{@link #resolve} is checked on every call, against the file system as it is at that moment,
 * so a symbolic link created after the workspace was opened (by the terminal tool, say) is caught
 * like any other. The check is lexical first ({@code ..} and absolute paths), then real: the
 * deepest existing ancestor of the path is resolved with all symbolic links followed and must
 * still lie inside the workspace. A dangling symbolic link is refused, because writing through it
 * would create its target wherever it points.
 *
 * <p>What remains is the window between the check and the use: a process racing the tool could
 * swap a directory for a link in between. Tools run one command at a time in the agent, so this
 * guards against mistakes and careless commands, not against a hostile concurrent process.
 */
public final class Workspace {

    /** A last check on every resolved path (secret locations: {@link ApprovalPolicy#pathGuard}); throws to refuse. */
    @FunctionalInterface
    public interface Guard {
        Guard NONE = (path, workspace) -> { };

        void check(Path resolved, Path workspace) throws ToolException;
    }

    private final Path root;
    private final Path givenRoot;
    private final Guard guard;

    private Workspace(Path givenRoot, Path root, Guard guard) {
        this.givenRoot = givenRoot;
        this.root = root;
        this.guard = guard;
    }

    /** Opens an existing directory as a workspace. */
    public static Workspace at(Path directory) throws IOException {
        Path given = directory.toAbsolutePath().normalize();
        if (!Files.isDirectory(given)) throw new IOException("workspace " + given + " is not a directory");
        return new Workspace(given, given.toRealPath(), Guard.NONE);
    }

    /** This workspace, with every resolved path also passed through {@code guard}. */
    public Workspace guarded(Guard guard) {
        return new Workspace(givenRoot, root, guard);
    }

    /** The workspace directory, with every symbolic link resolved. */
    public Path root() {
        return root;
    }

    /**
     * Resolves a path argument (relative to the workspace, or absolute inside it) to an absolute
     * path inside the workspace, with symbolic links in its existing part resolved.
     *
     * @throws ToolException naming the path and the workspace when it escapes, is malformed, or
     *                       passes through a dangling symbolic link
     */
    public Path resolve(String path) throws ToolException {
        if (path == null || path.isBlank()) throw new ToolException("path is empty");
        Path candidate = lexical(path);
        Path existing = candidate;
        while (!Files.exists(existing, LinkOption.NOFOLLOW_LINKS)) {
            existing = existing.getParent();
            if (existing == null) throw new ToolException("workspace " + root + " no longer exists");
        }
        Path real;
        try {
            real = existing.toRealPath();
        } catch (NoSuchFileException e) {
            throw new ToolException("path '" + path + "' passes through the symbolic link " + existing
                    + " whose target does not exist; refused (workspace " + root + ")");
        } catch (IOException e) {
            throw new ToolException("cannot resolve path '" + path + "': " + e.getMessage());
        }
        if (!real.startsWith(root)) {
            throw new ToolException("path '" + path + "' leads through a symbolic link to " + real
                    + ", outside the workspace " + root + "; refused");
        }
        Path resolved = real.resolve(existing.relativize(candidate));
        guard.check(resolved, root);
        return resolved;
    }

    /** The path relative to the workspace root, for messages to the model ("." for the root). */
    public String display(Path path) {
        String relative = root.relativize(path).toString();
        return relative.isEmpty() ? "." : relative;
    }

    private Path lexical(String path) throws ToolException {
        Path p;
        try {
            p = Path.of(path);
        } catch (InvalidPathException e) {
            throw new ToolException("invalid path '" + path.replace("\0", "\\0") + "': " + e.getReason());
        }
        Path candidate = (p.isAbsolute() ? p : root.resolve(p)).normalize();
        if (candidate.startsWith(root)) return candidate;
        if (candidate.startsWith(givenRoot)) return root.resolve(givenRoot.relativize(candidate));
        throw new ToolException("path '" + path + "' resolves to " + candidate + ", outside the workspace "
                + root + "; refused (use a path inside the workspace)");
    }
}

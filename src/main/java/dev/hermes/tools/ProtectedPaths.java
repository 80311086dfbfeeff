package dev.hermes.tools;

import java.io.IOException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The one place that knows where the user's secrets live: hermes' own secret files ({@code .env},
 * {@code credentials.yaml}, {@code auth.json} anywhere under the hermes root, profiles included)
 * and the well-known key locations in the home directory ({@code ~/.ssh}, {@code ~/.aws},
 * {@code ~/.gnupg}, {@code ~/.netrc}, {@code ~/.config/gh}, ...), plus a process's
 * {@code /proc/PID/environ} and {@code mem}. No tool touches them without an explicit approval
 * ({@link ApprovalPolicy#decideSecret}), also when they lie inside the workspace and also under
 * {@code --yolo}: file tools through {@link Workspace#resolve} and the search walk, terminal
 * commands by the paths their words name ({@link #mentionedIn}: a best effort, since a shell can
 * spell a path in endless ways; what a command prints is redacted anyway). Immutable.
 */
public final class ProtectedPaths {

    /** A word of a command that names a protected path, the path, and why it is protected. */
    public record Mention(String word, Path path, String why) {
        @Override
        public String toString() {
            return word + " (" + why + ")";
        }
    }

    /** No protected locations (tests of other things, embedding). */
    public static final ProtectedPaths NONE = new ProtectedPaths(List.of(), List.of());

    private static final List<String> HOME_DIRS = List.of(".ssh", ".aws", ".gnupg", ".config/gh", ".docker",
            ".kube", ".azure", ".config/gcloud", ".password-store", ".local/share/keyrings");
    private static final List<String> HOME_FILES = List.of(".netrc", ".git-credentials", ".pgpass", ".npmrc",
            ".pypirc", ".vault-token");
    private static final Set<String> HERMES_FILES = Set.of(".env", "credentials.yaml", "auth.json");
    private static final Pattern PROC_SECRET = Pattern.compile("/proc/[^/]+/(environ|mem)");
    /** What separates the words of a shell command, for {@link #mentionedIn}. */
    private static final Pattern WORDS = Pattern.compile("[\\s'\"`;|&<>()]+");

    private final List<Path> homes;
    private final List<Path> hermesRoots;

    private ProtectedPaths(List<Path> homes, List<Path> hermesRoots) {
        this.homes = homes;
        this.hermesRoots = hermesRoots;
    }

    /**
     * @param userHomes  the user's home directories ({@code user.home} and {@code $HOME}, which can differ)
     * @param hermesRoot the hermes root ({@code ~/.hermes} or {@code $HERMES_HOME})
     */
    public static ProtectedPaths of(List<Path> userHomes, Path hermesRoot) {
        return new ProtectedPaths(bothForms(userHomes), bothForms(List.of(hermesRoot)));
    }

    /** Why {@code path} (absolute) is protected, or null when it is not. */
    public String why(Path path) {
        Path p = path.toAbsolutePath().normalize();
        String name = p.getFileName() == null ? "" : p.getFileName().toString();
        for (Path root : hermesRoots) {
            if (p.startsWith(root) && HERMES_FILES.contains(name)) return "a hermes secret file";
        }
        for (Path home : homes) {
            for (String dir : HOME_DIRS) if (p.startsWith(home.resolve(dir))) return "a key location (~/" + dir + ")";
            for (String file : HOME_FILES) if (p.equals(home.resolve(file))) return "a key file (~/" + file + ")";
        }
        if (PROC_SECRET.matcher(p.toString()).matches()) return "a process's environment or memory";
        return null;
    }

    /**
     * The protected paths the words of a shell command name, each with why: words are taken
     * relative to {@code workdir}, after expanding a leading {@code ~}, {@code $HOME} or
     * {@code $HERMES_HOME}; {@code /proc/$PPID/environ} and the like count whatever the PID.
     */
    public List<Mention> mentionedIn(String command, Path workdir) {
        List<Mention> found = new ArrayList<>();
        if (this == NONE) return found;
        for (String word : WORDS.split(command)) {
            if (word.isEmpty()) continue;
            String proc = word.replaceAll("\\$\\{?\\w+}?", "PID");
            if (PROC_SECRET.matcher(proc).matches()) {
                found.add(new Mention(word, Path.of(proc), "a process's environment or memory"));
                continue;
            }
            Path p = expand(word, workdir);
            String why = p == null ? null : why(p);
            if (why != null) found.add(new Mention(word, p, why));
        }
        return found;
    }

    private Path expand(String word, Path workdir) {
        String w = word;
        if (!homes.isEmpty()) w = w.replaceFirst("^(~|\\$HOME|\\$\\{HOME})(?=/|$)", quote(homes.get(0)));
        if (!hermesRoots.isEmpty()) w = w.replaceFirst("^(\\$HERMES_HOME|\\$\\{HERMES_HOME})(?=/|$)", quote(hermesRoots.get(0)));
        try {
            return workdir.resolve(w).normalize();
        } catch (InvalidPathException e) {
            return null;
        }
    }

    private static String quote(Path p) {
        return java.util.regex.Matcher.quoteReplacement(p.toString());
    }

    /** Each path as given and with symbolic links resolved: the workspace compares real paths. */
    private static List<Path> bothForms(List<Path> paths) {
        Set<Path> all = new LinkedHashSet<>();
        for (Path p : paths) {
            if (p == null) continue;
            Path abs = p.toAbsolutePath().normalize();
            all.add(abs);
            try {
                all.add(abs.toRealPath());
            } catch (IOException e) {
                // does not exist (yet): the given form is all there is
            }
        }
        return List.copyOf(all);
    }
}

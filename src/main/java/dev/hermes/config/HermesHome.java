package dev.hermes.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The directory hermes reads its configuration from: the root ({@code $HERMES_HOME} or
 * {@code ~/.hermes}) or one of its profiles ({@code <root>/profiles/<name>}).
 *
 * <p>Resolution, first match wins: the {@code -p/--profile} flag; a {@code HERMES_HOME} that
 * itself points into {@code <root>/profiles/<name>} (launchd setups do this); the sticky profile
 * named in {@code <root>/active_profile}; else the root itself. "default" always means the root.
 *
 * @param root    the root directory (holds {@code profiles/}, {@code active_profile}, {@code boards/})
 * @param profile the profile name, or null for the root itself
 */
public record HermesHome(Path root, String profile) {

    public static final String DEFAULT_PROFILE = "default";
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    public HermesHome {
        root = root.toAbsolutePath().normalize();
        if (profile != null) validateName(profile);
    }

    /** Resolves the home for this process; {@code profileFlag} is the {@code -p} value or null. */
    public static HermesHome resolve(Environment env, String profileFlag) {
        Path root;
        String fromHomeVar = null;
        String homeVar = env.get("HERMES_HOME");
        if (homeVar != null) {
            Path p = Path.of(homeVar).toAbsolutePath().normalize();
            Path parent = p.getParent();
            if (parent != null && parent.getFileName() != null && parent.getFileName().toString().equals("profiles")
                    && parent.getParent() != null && NAME.matcher(p.getFileName().toString()).matches()) {
                root = parent.getParent();
                fromHomeVar = p.getFileName().toString();
            } else {
                root = p;
            }
        } else {
            root = env.userHome().resolve(".hermes");
        }
        if (profileFlag != null) return existing(root, profileFlag, "-p/--profile");
        if (fromHomeVar != null) return new HermesHome(root, fromHomeVar);
        String sticky = activeProfile(root);
        return sticky == null ? new HermesHome(root, null) : existing(root, sticky, activeProfileFile(root).toString());
    }

    private static HermesHome existing(Path root, String name, String source) {
        validateName(name);
        if (name.equals(DEFAULT_PROFILE)) return new HermesHome(root, null);
        HermesHome home = new HermesHome(root, name);
        if (!Files.isDirectory(home.dir())) {
            throw new ConfigException("unknown profile '" + name + "' (from " + source + "); existing profiles: "
                    + String.join(", ", profileNames(root)) + " (create one with `hermes profile create " + name + "`)");
        }
        return home;
    }

    /** Where the sticky profile of {@code root} is kept ({@code hermes profile use}). */
    static Path activeProfileFile(Path root) {
        return root.resolve("active_profile");
    }

    /** The sticky profile's name, or null for the root itself (no file, empty, or "default"). */
    static String activeProfile(Path root) {
        Path file = activeProfileFile(root);
        if (!Files.isRegularFile(file)) return null;
        try {
            String s = Files.readString(file).trim();
            return s.isEmpty() || s.equals(DEFAULT_PROFILE) ? null : s;
        } catch (IOException e) {
            throw new ConfigException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** Throws a {@link ConfigException} unless {@code name} is letters, digits, '-' and '_' (at most 64). */
    public static void validateName(String name) {
        Objects.requireNonNull(name, "profile name");
        if (!NAME.matcher(name).matches()) {
            throw new ConfigException("invalid profile name '" + name.replaceAll("[^\\x20-\\x7e]", "?")
                    + "': use letters, digits, '-' and '_' (at most 64 characters)");
        }
    }

    /** "default" followed by the profile directories under {@code root/profiles}, sorted. */
    static List<String> profileNames(Path root) {
        Path dir = root.resolve("profiles");
        if (!Files.isDirectory(dir)) return List.of(DEFAULT_PROFILE);
        try (Stream<Path> s = Files.list(dir)) {
            return Stream.concat(Stream.of(DEFAULT_PROFILE), s.filter(Files::isDirectory)
                    .map(p -> p.getFileName().toString()).filter(n -> NAME.matcher(n).matches()).sorted()).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public boolean isProfile() {
        return profile != null;
    }

    /** The profile name, "default" for the root. */
    public String profileName() {
        return profile == null ? DEFAULT_PROFILE : profile;
    }

    /** The active directory: the profile's, or the root. */
    public Path dir() {
        return profile == null ? root : root.resolve("profiles").resolve(profile);
    }

    public Path configFile() {
        return dir().resolve("config.yaml");
    }

    public Path envFile() {
        return dir().resolve(".env");
    }

    /** The root's .env, layered under a profile's only on explicit opt-in (see {@link EnvLayers}). */
    public Path rootEnvFile() {
        return root.resolve(".env");
    }

    public Path credentialsFile() {
        return dir().resolve("credentials.yaml");
    }

    public Path skillsDir() {
        return dir().resolve("skills");
    }

    public Path sessionsDir() {
        return dir().resolve("sessions");
    }

    public Path logsDir() {
        return dir().resolve("logs");
    }

    /** Kanban boards live at the root: every profile shares them on purpose. */
    public Path boardsDir() {
        return root.resolve("boards");
    }
}

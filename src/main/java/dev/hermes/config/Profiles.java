package dev.hermes.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

/**
 * Profile management under one root: {@code hermes profile list|create|use|show}. A profile is a
 * directory {@code <root>/profiles/<name>}; the sticky choice lives in {@code <root>/active_profile};
 * "default" is the root itself.
 */
public final class Profiles {
    private final Path root;

    public Profiles(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    /** One profile; {@code active} when it is the sticky choice. */
    public record Entry(String name, Path dir, boolean active) {
    }

    /** "default" and every profile, the sticky one marked. */
    public List<Entry> list() {
        String active = active();
        return HermesHome.profileNames(root).stream()
                .map(n -> new Entry(n, dirOf(n), n.equals(active)))
                .toList();
    }

    /** The sticky profile's name ("default" when none is set). */
    public String active() {
        String name = HermesHome.activeProfile(root);
        return name == null ? HermesHome.DEFAULT_PROFILE : name;
    }

    /**
     * Creates {@code <root>/profiles/<name>} with a commented config.yaml and .env, and empty
     * skills/, sessions/ and logs/.
     *
     * @throws ConfigException for an invalid name, "default", or an existing profile
     */
    public Path create(String name) {
        HermesHome.validateName(name);
        if (name.equals(HermesHome.DEFAULT_PROFILE)) {
            throw new ConfigException("'default' is the root " + root + " itself; choose another profile name");
        }
        Path dir = dirOf(name);
        if (Files.exists(dir)) throw new ConfigException("profile '" + name + "' already exists at " + dir);
        try {
            Files.createDirectories(dir);
            for (String sub : List.of("skills", "sessions", "logs")) Files.createDirectories(dir.resolve(sub));
            Files.writeString(dir.resolve("config.yaml"), """
                    # hermes profile '%s'. Every key is described in docs/configuration.md.
                    # model:
                    #   provider: openrouter
                    #   default: anthropic/claude-sonnet-4
                    # fallback_providers:
                    #   - { provider: minimax, model: MiniMax-M2.7 }
                    # env:
                    #   inherit_root: true    # also read keys from %s
                    """.formatted(name, root.resolve(".env")), StandardCharsets.UTF_8);
            Path env = dir.resolve(".env");
            Files.writeString(env, """
                    # API keys for profile '%s', one KEY=VALUE per line. The process environment wins
                    # over this file; %s is read too only with env.inherit_root: true.
                    # OPENROUTER_API_KEY=
                    # MINIMAX_API_KEY=
                    """.formatted(name, root.resolve(".env")), StandardCharsets.UTF_8);
            restrict(env);
        } catch (IOException e) {
            throw new ConfigException("cannot create profile '" + name + "' at " + dir + ": " + e.getMessage(), e);
        }
        return dir;
    }

    /**
     * Makes {@code name} the sticky profile ("default" returns to the root).
     *
     * @throws ConfigException for an invalid or unknown name (listing the existing ones)
     */
    public void use(String name) {
        HermesHome.validateName(name);
        List<String> names = HermesHome.profileNames(root);
        if (!names.contains(name)) {
            throw new ConfigException("unknown profile '" + name + "'; existing profiles: " + String.join(", ", names));
        }
        try {
            Files.createDirectories(root);
            Files.writeString(HermesHome.activeProfileFile(root), name + "\n", StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ConfigException("cannot write " + HermesHome.activeProfileFile(root) + ": " + e.getMessage(), e);
        }
    }

    private Path dirOf(String name) {
        return name.equals(HermesHome.DEFAULT_PROFILE) ? root : root.resolve("profiles").resolve(name);
    }

    private static void restrict(Path file) throws IOException {
        if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        }
    }
}

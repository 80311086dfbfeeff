package dev.hermes.config;

import dev.hermes.util.Origin;
import dev.hermes.util.Sourced;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Environment variables as hermes sees them: the process environment layered over .env files.
 * Precedence, highest first (documented in docs/configuration.md):
 * <ol>
 *   <li>the process environment;</li>
 *   <li>the active home's {@code .env} (the profile's, under a profile);</li>
 *   <li>the root's {@code .env}, under a profile only when it opts in with
 *       {@code env: {inherit_root: true}} in its config.yaml or {@code HERMES_INHERIT_ROOT_ENV=1}.</li>
 * </ol>
 *
 * <p>Files are re-read on every lookup, so an edited .env is seen by the next credential
 * acquisition (the first seed's lesson). Thread-safe: holds no mutable state.
 */
public final class EnvLayers {
    public static final String INHERIT_VAR = "HERMES_INHERIT_ROOT_ENV";

    private final Environment env;
    private final List<Path> files;

    /** @param files .env files in precedence order; all below the process environment */
    public EnvLayers(Environment env, List<Path> files) {
        this.env = env;
        this.files = List.copyOf(files);
    }

    /**
     * The layers for {@code home}. {@code inheritRootConfigured} is the profile's
     * {@code env.inherit_root}; {@code HERMES_INHERIT_ROOT_ENV}, from the process environment or the
     * profile's own .env, opts in as well. Outside a profile the root .env is the home's .env anyway.
     */
    public static EnvLayers of(Environment env, HermesHome home, boolean inheritRootConfigured) {
        if (!home.isProfile()) return new EnvLayers(env, List.of(home.envFile()));
        EnvLayers own = new EnvLayers(env, List.of(home.envFile()));
        boolean inherit = inheritRootConfigured
                || own.lookup(INHERIT_VAR).map(s -> Environment.truthy(s.value())).orElse(false);
        return inherit ? new EnvLayers(env, List.of(home.envFile(), home.rootEnvFile())) : own;
    }

    /** The variable's value and where it came from; empty when unset everywhere (empty counts as unset). */
    public Optional<Sourced<String>> lookup(String name) {
        String v = env.get(name);
        if (v != null) return Optional.of(Sourced.of(v, new Origin.EnvVar(name)));
        for (Path file : files) {
            DotEnv.Entry e = DotEnv.read(file).get(name);
            if (e != null && !e.value().isEmpty()) {
                return Optional.of(Sourced.of(e.value(), Origin.file(file, e.line())));
            }
        }
        return Optional.empty();
    }

    /** The .env files consulted, highest precedence first. */
    public List<Path> files() {
        return files;
    }

    /** Every variable defined in any of the .env files, in file order. */
    public Set<String> namesInFiles() {
        Set<String> names = new LinkedHashSet<>();
        for (Path file : files) names.addAll(DotEnv.read(file).entries().keySet());
        return names;
    }

    /**
     * True in a kanban worker (the dispatcher set {@code HERMES_KANBAN_TASK}): its process
     * environment holds only what the dispatcher passed, never the dispatcher's keys.
     */
    public boolean kanbanWorker() {
        return env.get("HERMES_KANBAN_TASK") != null;
    }

    /** "the environment or in /a/.env or /b/.env", for error messages. */
    public String describeSearch() {
        List<String> parts = new ArrayList<>();
        for (Path f : files) parts.add(f.toString());
        return "the environment" + (parts.isEmpty() ? "" : " or in " + String.join(" or ", parts));
    }
}

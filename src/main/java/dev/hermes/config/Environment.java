package dev.hermes.config;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The process environment and the user's home directory, injected so that tests never read the
 * real {@code ~/.hermes} or the real environment. Production code uses {@link #system()}.
 *
 * @param variables the process environment variables
 * @param userHome  the user's home directory ({@code ~})
 */
public record Environment(Map<String, String> variables, Path userHome) {

    public Environment {
        variables = Map.copyOf(variables);
        Objects.requireNonNull(userHome, "userHome");
    }

    /**
     * This process's environment, with the secrets {@code bin/hermes} kept out of it ({@link LauncherEnv}).
     * {@code ~} is {@code $HOME}, as for the shell and the Python original; the JVM's
     * {@code user.home} comes from the password database and ignores it, so it is only the fallback.
     */
    public static Environment system() {
        Map<String, String> all = new HashMap<>(System.getenv());
        all.putAll(LauncherEnv.variables());
        String home = System.getenv("HOME");
        return new Environment(all, Path.of(home == null || home.isEmpty() ? System.getProperty("user.home") : home));
    }

    /** The variable's value, or null when unset or empty (an empty variable counts as unset). */
    public String get(String name) {
        String v = variables.get(name);
        return v == null || v.isEmpty() ? null : v;
    }

    /** True for "1", "true", "yes" and "on" (any case). */
    public boolean flag(String name) {
        return truthy(get(name));
    }

    static boolean truthy(String v) {
        return v != null && switch (v.trim().toLowerCase(Locale.ROOT)) {
            case "1", "true", "yes", "on" -> true;
            default -> false;
        };
    }
}

package dev.hermes.board.dispatch;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The environment a worker inherits from the dispatcher: an allow-list of plain process
 * settings, never secrets. A worker gets its API keys from its own profile's .env (profiles are
 * isolated on purpose); the dispatcher's keys must not leak into a worker of another profile.
 * Variables named in {@code kanban.worker_env} are passed as well, secrets included: an explicit,
 * visible opt-in of the person who configured the dispatcher.
 */
public final class WorkerEnvironment {

    private static final Pattern ALLOWED = Pattern.compile(
            "PATH|HOME|USER|LOGNAME|SHELL|LANG|LANGUAGE|LC_[A-Z]+|TZ|TMPDIR|TERM|JAVA_HOME|HERMES_HOME|HERMES_JDK");
    private static final Pattern SECRET = Pattern.compile(".*(KEY|TOKEN|SECRET|PASSWORD|PASSWD|CREDENTIAL).*");
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private final List<String> passThrough;

    /**
     * @param passThrough the names in {@code kanban.worker_env}
     * @throws IllegalArgumentException for a name that is not a variable name
     */
    public WorkerEnvironment(List<String> passThrough) {
        for (String name : passThrough) {
            if (!NAME.matcher(name).matches()) {
                throw new IllegalArgumentException("kanban.worker_env: '" + name + "' is not a variable name");
            }
        }
        this.passThrough = List.copyOf(passThrough);
    }

    /** The allowed variables of {@code parent}, with no pass-through. */
    public static Map<String, String> inherit(Map<String, String> parent) {
        return new WorkerEnvironment(List.of()).of(parent);
    }

    /** The allowed variables of {@code parent}, and the named ones that are set there. */
    public Map<String, String> of(Map<String, String> parent) {
        Map<String, String> env = new TreeMap<>();
        parent.forEach((name, value) -> {
            String upper = name.toUpperCase(Locale.ROOT);
            if (ALLOWED.matcher(name).matches() && !SECRET.matcher(upper).matches()) env.put(name, value);
        });
        for (String name : passThrough) {
            String v = parent.get(name);
            if (v != null) env.put(name, v);
        }
        return env;
    }
}

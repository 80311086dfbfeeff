package dev.hermes.board.dispatch;

import dev.hermes.log.SecretNames;

import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The environment a worker inherits from the dispatcher: an allow-list of plain process
 * settings, never secrets. A worker gets its API keys from its own profile's .env (profiles are
 * isolated on purpose); the dispatcher's keys must not leak into a worker of another profile.
 */
public final class WorkerEnvironment {

    private static final Pattern ALLOWED = Pattern.compile(
            "PATH|HOME|USER|LOGNAME|SHELL|LANG|LANGUAGE|LC_[A-Z]+|TZ|TMPDIR|TERM|JAVA_HOME|HERMES_HOME|HERMES_JDK");

    private WorkerEnvironment() {
    }

    /** The allowed variables of {@code parent}. */
    public static Map<String, String> inherit(Map<String, String> parent) {
        Map<String, String> env = new TreeMap<>();
        parent.forEach((name, value) -> {
            if (ALLOWED.matcher(name).matches() && !SecretNames.isSecret(name)) env.put(name, value);
        });
        return env;
    }
}

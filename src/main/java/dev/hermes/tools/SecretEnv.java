package dev.hermes.tools;

import dev.hermes.log.SecretNames;

import java.util.Map;

/**
 * Which environment variables terminal commands must not inherit: API keys, tokens, secrets,
 * passwords, database and board URLs, so a model cannot {@code env} or {@code echo $OPENAI_API_KEY}
 * its way to the user's credentials. The names are {@link SecretNames}' (one rule for the whole
 * program). The agent's own environment holds none of them when started by {@code bin/hermes},
 * which hands them to the JVM through a pipe instead (docs/security.md); this is the second line.
 */
public final class SecretEnv {

    private SecretEnv() {
    }

    public static boolean isSecret(String name) {
        return SecretNames.isSecret(name);
    }

    /** Removes every secret variable from a (mutable) environment map, e.g. {@link ProcessBuilder#environment()}. */
    public static void strip(Map<String, String> environment) {
        environment.keySet().removeIf(SecretEnv::isSecret);
    }
}

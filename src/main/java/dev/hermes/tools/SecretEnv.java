package dev.hermes.tools;

import java.util.Locale;
import java.util.Map;

/**
 * Which environment variables terminal commands must not inherit: API keys, tokens, secrets and
 * passwords, so a model cannot {@code env} or {@code echo $OPENAI_API_KEY} its way to the user's
 * credentials. Matched on the name, case-insensitively: names ending in {@code _API_KEY},
 * {@code _KEY}, {@code _TOKEN}, {@code _SECRET}, {@code _PASSWORD} or {@code _CREDENTIALS}; names
 * containing {@code SECRET}, {@code PASSWORD} or {@code API_KEY}; and every {@code HERMES_*}
 * variable that mentions a key, token, secret, password or credential.
 */
public final class SecretEnv {

    private SecretEnv() {
    }

    public static boolean isSecret(String name) {
        String n = name.toUpperCase(Locale.ROOT);
        if (n.endsWith("_API_KEY") || n.endsWith("_KEY") || n.endsWith("_TOKEN") || n.endsWith("_SECRET")
                || n.endsWith("_PASSWORD") || n.endsWith("_CREDENTIALS")) return true;
        if (n.contains("SECRET") || n.contains("PASSWORD") || n.contains("API_KEY") || n.equals("TOKEN")) return true;
        return n.startsWith("HERMES_") && (n.contains("KEY") || n.contains("TOKEN") || n.contains("CREDENTIAL"));
    }

    /** Removes every secret variable from a (mutable) environment map, e.g. {@link ProcessBuilder#environment()}. */
    public static void strip(Map<String, String> environment) {
        environment.keySet().removeIf(SecretEnv::isSecret);
    }
}

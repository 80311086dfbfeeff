package dev.hermes.config;

import dev.hermes.log.Redactor;
import dev.hermes.log.SecretNames;

import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Registers every secret the configuration holds with {@link Redactor} as soon as it is loaded,
 * so a secret is masked in tool results, sessions and output even if this run never uses it (a
 * model that prints the .env shows every key in it, not only the one in use): the values of
 * secret-named variables ({@link SecretNames}) and of every {@code key_env} variable, from the
 * process environment and the .env files; config.yaml's secret settings ({@code api_key},
 * headers, {@code board.url}); and the password in any URL among them. A variable whose value is
 * a URL registers only the password (a board's SQLite path is not a secret), and a file path or a
 * flag ({@code HERMES_API_KEY_FILE=/path}, {@code X_TOKEN=disabled}) registers nothing.
 */
final class ConfiguredSecrets {

    private ConfiguredSecrets() {
    }

    static void remember(Configuration c) {
        for (Setting s : c.config().settings()) {
            if (s.secret()) rememberValue(s.value());
            else Redactor.rememberUrlPassword(s.value());
        }
        Set<String> names = new LinkedHashSet<>(c.environment().variables().keySet());
        names.addAll(c.env().namesInFiles());
        Set<String> keyVars = keyVars(c.config());
        for (String name : names) {
            if (SecretNames.isSecret(name) || keyVars.contains(name)) {
                c.env().lookup(name).ifPresent(v -> rememberValue(v.value()));
            } else {
                c.env().lookup(name).ifPresent(v -> Redactor.rememberUrlPassword(v.value()));
            }
        }
    }

    /** Variables named by key_env anywhere: secret whatever their names. */
    static Set<String> keyVars(HermesConfig config) {
        Set<String> names = new LinkedHashSet<>();
        if (config.model().keyEnv() != null) names.add(config.model().keyEnv().value());
        config.providers().values().forEach(p -> {
            if (p.keyEnv() != null) names.add(p.keyEnv().value());
        });
        config.fallbacks().forEach(f -> {
            if (f.keyEnv() != null) names.add(f.keyEnv().value());
        });
        return names;
    }

    /** Values a secret-named variable may hold that are not secrets: masking them would rewrite ordinary text. */
    private static final Pattern NOT_A_SECRET = Pattern.compile(
            "(?i)true|false|yes|no|on|off|enabled|disabled|none|null|unset|[~.]?/.*");

    private static void rememberValue(String value) {
        if (value == null || NOT_A_SECRET.matcher(value.strip()).matches()) return;
        if (value.contains("://")) {
            Redactor.rememberUrlPassword(value);
            return;
        }
        Redactor.remember(value);
        // "Bearer TOKEN" in a header: the token alone must be masked too
        String[] words = value.strip().split("\\s+");
        if (words.length > 1) Redactor.remember(words[words.length - 1]);
    }
}

package dev.hermes.log;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * The one rule for which environment variables hold secrets: names like {@code *_KEY},
 * {@code *_TOKEN}, {@code *_SECRET}, {@code *_PASSWORD}, {@code *_PAT}, anything with
 * {@code SECRET}, {@code PASSWORD}, {@code COOKIE} or {@code CREDENTIAL}, {@code DATABASE_URL},
 * and the board locations (a PostgreSQL URL carries its password). Case-insensitive.
 *
 * <p>The pattern lives in {@code secret-names.regex} next to this class because {@code bin/hermes}
 * reads the same file (with {@code grep -E}) to move these variables out of the JVM's environment
 * before it starts; one rule, so what the launcher hides and what the agent masks cannot drift.
 * It is used for: terminal commands' environment, {@code config show}, workers' environment, and
 * the values registered with {@link Redactor} at start.
 */
public final class SecretNames {

    private static final Pattern RULE = Pattern.compile(load(), Pattern.CASE_INSENSITIVE);

    private SecretNames() {
    }

    public static boolean isSecret(String name) {
        return name != null && RULE.matcher(name).matches();
    }

    private static String load() {
        try (InputStream in = SecretNames.class.getResourceAsStream("secret-names.regex")) {
            if (in == null) throw new IllegalStateException("secret-names.regex is missing from the class path");
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

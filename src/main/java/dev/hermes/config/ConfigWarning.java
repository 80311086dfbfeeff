package dev.hermes.config;

import java.nio.file.Path;

/**
 * Something in config.yaml that does not stop hermes, kept visible rather than silently dropped:
 * an unknown key (most likely a typo), or, with {@code unsupported}, keys of the Python original
 * that this runtime recognises but does not implement (one note per section).
 */
public record ConfigWarning(Path file, int line, String message, boolean unsupported) {

    /** An unknown key. */
    public ConfigWarning(Path file, int line, String message) {
        this(file, line, message, false);
    }

    static ConfigWarning unsupported(Path file, int line, String message) {
        return new ConfigWarning(file, line, message, true);
    }

    @Override
    public String toString() {
        return file + ":" + line + ": " + message;
    }
}

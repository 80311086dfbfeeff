package dev.hermes.config;

import java.nio.file.Path;

/**
 * A problem in config.yaml that does not stop hermes: an unknown key, kept visible rather than
 * silently dropped.
 */
public record ConfigWarning(Path file, int line, String message) {
    @Override
    public String toString() {
        return file + ":" + line + ": " + message;
    }
}

package dev.hermes.config;

/**
 * Bad configuration: config.yaml, a .env file, credentials.yaml, a profile name, a route. The
 * message names the file, line and key (or the flag) and never contains a secret value. The CLI
 * maps it to exit code {@code ExitCodes.CONFIG}.
 */
public final class ConfigException extends RuntimeException {
    public ConfigException(String message) {
        super(message);
    }

    public ConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}

package dev.hermes.config;

import dev.hermes.exit.ExitCodes;
import dev.hermes.exit.ExitStatus;

/**
 * Bad configuration: config.yaml, a .env file, credentials.yaml, a profile name, a route. The
 * message names the file, line and key (or the flag) and never contains a secret value. The CLI
 * maps it to exit code {@code ExitCodes.CONFIG}.
 */
public final class ConfigException extends RuntimeException implements ExitStatus {

    @Override
    public int exitCode() {
        return ExitCodes.CONFIG;
    }
    public ConfigException(String message) {
        super(message);
    }

    public ConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}

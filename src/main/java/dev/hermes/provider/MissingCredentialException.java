package dev.hermes.provider;

import dev.hermes.exit.ExitCodes;
import dev.hermes.exit.ExitStatus;

/**
 * No usable API key for a provider. The message says which environment variable to set and which
 * files were searched; it never contains a key. A configuration error, not a provider failure.
 */
public final class MissingCredentialException extends RuntimeException implements ExitStatus {

    @Override
    public int exitCode() {
        return ExitCodes.CONFIG;
    }
    private final String provider;

    public MissingCredentialException(String provider, String message) {
        super(message);
        this.provider = provider;
    }

    public String provider() {
        return provider;
    }
}

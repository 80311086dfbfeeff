package dev.hermes.provider;

/**
 * No usable API key for a provider. The message says which environment variable to set and which
 * files were searched; it never contains a key. A configuration error, not a provider failure.
 */
public final class MissingCredentialException extends RuntimeException {
    private final String provider;

    public MissingCredentialException(String provider, String message) {
        super(message);
        this.provider = provider;
    }

    public String provider() {
        return provider;
    }
}

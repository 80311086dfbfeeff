package dev.hermes.provider;

/** A provider id that the registry does not know, or one that is no longer supported. */
public final class UnknownProviderException extends IllegalArgumentException {
    public UnknownProviderException(String message) {
        super(message);
    }
}

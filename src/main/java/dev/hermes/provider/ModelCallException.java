package dev.hermes.provider;

import dev.hermes.llm.ApiError;

/**
 * A model call failed before a stream could be opened, or a non-streaming call failed: the
 * provider answered with an error, or the transport failed. Carries the structured error when the
 * provider sent one; the failover layer classifies it.
 */
public final class ModelCallException extends RuntimeException {
    private final transient ApiError apiError;

    /** The provider answered with an error. */
    public ModelCallException(ApiError apiError) {
        super(apiError.describe());
        this.apiError = apiError;
    }

    /** The transport failed (connect refused, reset, TLS, timeout, closed by us). */
    public ModelCallException(String message, Throwable cause) {
        super(message, cause);
        this.apiError = null;
    }

    /** The provider's error, or null for a transport failure. */
    public ApiError apiError() {
        return apiError;
    }
}

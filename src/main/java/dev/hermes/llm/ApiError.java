package dev.hermes.llm;

import dev.hermes.log.Redactor;

import java.time.Duration;

/**
 * An error reported by a provider, either as a non-2xx response or inside a streamed 200 response.
 *
 * @param httpStatus the HTTP status, or 0 for an error sent inside a stream
 * @param type       the provider's error type ("rate_limit_error", "overloaded_error", ...), or null
 * @param code       the provider's error code ("context_length_exceeded", MiniMax "1027", ...), or null
 * @param message    the provider's human-readable message, known secrets masked, or ""
 * @param retryAfter how long the provider asked us to wait (Retry-After, retry-after-ms), or null
 * @param rawBody    the response body as received, cut to a few kilobytes, for logs and classification
 */
public record ApiError(int httpStatus, String type, String code, String message, Duration retryAfter,
                       String rawBody) {

    public ApiError {
        // Providers echo keys back ("Incorrect API key provided: sk-..."); an error never carries one
        // further than this constructor, whatever prints or logs it later.
        message = message == null ? "" : Redactor.redact(message);
        rawBody = rawBody == null ? "" : Redactor.redact(rawBody);
    }

    public boolean inStream() {
        return httpStatus == 0;
    }

    /** The same error with another message (adding where it came from). */
    public ApiError withMessage(String other) {
        return new ApiError(httpStatus, type, code, other, retryAfter, rawBody);
    }

    /** A short description for status lines and error messages. */
    public String describe() {
        StringBuilder sb = new StringBuilder();
        sb.append(inStream() ? "error in stream" : "HTTP " + httpStatus);
        if (type != null) sb.append(' ').append(type);
        if (code != null) sb.append(" (").append(code).append(')');
        if (!message.isEmpty()) sb.append(": ").append(message);
        return sb.toString();
    }
}

package dev.hermes.failover;

import dev.hermes.llm.ApiError;
import dev.hermes.stream.FiredTimer;
import dev.hermes.stream.StallKind;

import java.time.Duration;
import java.util.Objects;

/**
 * Everything that can end a model call attempt without a complete answer. Exceptions only carry
 * these across boundaries ({@link Failures#of} turns them back); the {@link Classifier} decides
 * what each one implies. No variant ever holds a credential.
 */
public sealed interface Failure {

    /** One line for status output and the final error naming every attempt. */
    String describe();

    /** A non-2xx response. */
    record HttpError(ApiError error) implements Failure {
        public HttpError {
            Objects.requireNonNull(error, "error");
        }

        @Override
        public String describe() {
            return error.describe();
        }
    }

    /** An error event inside a 200 stream (Anthropic {@code event: error}, MiniMax base_resp, ...). */
    record StreamError(ApiError error) implements Failure {
        public StreamError {
            Objects.requireNonNull(error, "error");
        }

        @Override
        public String describe() {
            return error.describe();
        }
    }

    /** A watchdog timer aborted the attempt. */
    record Stalled(StallKind kind, Duration timeout, Duration elapsed, String attempt) implements Failure {
        public static Stalled of(FiredTimer fired) {
            return new Stalled(fired.kind(), fired.timeout(), fired.elapsed(), fired.attempt());
        }

        @Override
        public String describe() {
            return new FiredTimer(kind, timeout, elapsed, attempt).describe();
        }
    }

    /**
     * The body ended without the stream's terminal event. Always a failure: never presented as a
     * "length" truncation to be continued.
     *
     * @param contentSeen whether any content delta arrived before the cut
     */
    record Truncated(boolean contentSeen) implements Failure {
        @Override
        public String describe() {
            return "stream ended without its terminal event" + (contentSeen ? " mid-answer" : " before any content");
        }
    }

    /** Bytes that are not valid for the wire format. */
    record Malformed(String excerpt) implements Failure {
        @Override
        public String describe() {
            return "malformed stream: " + excerpt;
        }
    }

    /** The connection failed below HTTP. */
    record Transport(TransportKind kind, String message) implements Failure {
        public Transport {
            Objects.requireNonNull(kind, "kind");
            message = message == null ? "" : message;
        }

        @Override
        public String describe() {
            return "transport " + kind.name().toLowerCase(java.util.Locale.ROOT) + (message.isEmpty() ? "" : ": " + message);
        }
    }

    /** The provider's filter withheld or cut the output (a finish reason, not an error body). */
    record ContentFiltered(String detail) implements Failure {
        @Override
        public String describe() {
            return "content filtered: " + detail;
        }
    }

    /** The model declined (Anthropic {@code stop_reason: refusal}). */
    record Refused(String detail) implements Failure {
        @Override
        public String describe() {
            return "model refused: " + detail;
        }
    }

    /** Building a fresh client for the provider failed: routed like any failure, never just logged. */
    record RebuildFailed(String message) implements Failure {
        @Override
        public String describe() {
            return "client rebuild failed: " + message;
        }
    }

    /** No usable key for the provider; the message names the variable and files searched. */
    record NoCredential(String message) implements Failure {
        @Override
        public String describe() {
            return "no credential: " + message;
        }
    }

    /** Content kept coming, but slower than the slow-drip guard allows ({@link SlowDrip}). */
    record SlowDripped(long chars, Duration window, long minChars) implements Failure {
        @Override
        public String describe() {
            return "only " + chars + " characters of content in " + window.toSeconds() + " s (less than " + minChars
                    + ", failover.slow_drip_min_chars)";
        }
    }

    /**
     * The answer grew past {@code failover.max_answer_chars} (text, reasoning and tool arguments
     * together): a provider streaming without end. Ended before it can exhaust memory.
     */
    record TooLarge(long limit) implements Failure {
        @Override
        public String describe() {
            return "the answer passed " + limit + " characters (failover.max_answer_chars) without ending";
        }
    }

    /** Closed or interrupted on our side with no watchdog timer involved: the caller gave up. */
    record Cancelled(String message) implements Failure {
        @Override
        public String describe() {
            return "cancelled: " + message;
        }
    }

    /** What went wrong below HTTP. */
    enum TransportKind {
        /** Peer reset or closed the connection (also EOF before a complete response). */
        RESET,
        /** Nothing listening: connection refused. */
        REFUSED,
        /** Handshake or certificate failure. */
        TLS,
        /** Connect or read timeout of the HTTP client itself. */
        TIMEOUT,
        /** Host name did not resolve. */
        DNS,
        OTHER
    }
}

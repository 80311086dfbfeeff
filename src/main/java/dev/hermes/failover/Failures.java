package dev.hermes.failover;

import dev.hermes.failover.Failure.TransportKind;
import dev.hermes.llm.FinishReason;
import dev.hermes.llm.StreamEvent;
import dev.hermes.stream.MalformedStreamException;
import dev.hermes.provider.MissingCredentialException;
import dev.hermes.provider.ModelCallException;
import dev.hermes.provider.StreamClosedException;
import dev.hermes.stream.FiredTimer;

import javax.net.ssl.SSLException;
import java.io.EOFException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CancellationException;

/** Turns what an attempt threw or streamed back into a {@link Failure}. */
public final class Failures {

    private Failures() {
    }

    /**
     * The failure behind an exception from {@code openStream}, {@code next()} or {@code complete}.
     *
     * @param fired the attempt's {@code AttemptWatch.firedTimer()}: when a watchdog timer fired,
     *              whatever the abort made the reader throw (closed stream, cancelled exchange,
     *              reset) is that stall
     */
    public static Failure of(Throwable thrown, Optional<FiredTimer> fired) {
        if (fired.isPresent()) return Failure.Stalled.of(fired.get());
        for (Throwable t = thrown; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof ModelCallException m && m.apiError() != null) {
                return m.apiError().inStream() ? new Failure.StreamError(m.apiError()) : new Failure.HttpError(m.apiError());
            }
            if (t instanceof MissingCredentialException m) return new Failure.NoCredential(m.getMessage());
            if (t instanceof MalformedStreamException m) return new Failure.Malformed(m.excerpt());
        }
        if (causedBy(thrown, StreamClosedException.class) || causedBy(thrown, CancellationException.class)
                || causedBy(thrown, InterruptedException.class)) {
            return new Failure.Cancelled(message(thrown));
        }
        TransportKind kind = transportKind(thrown);
        // an unknown host or a refused connection: the transport's own words, naming host and port
        String said = kind == TransportKind.DNS || kind == TransportKind.REFUSED ? transportMessage(thrown) : null;
        return new Failure.Transport(kind, said != null ? said : message(thrown));
    }

    /** The message of the transport's {@link ModelCallException} in the chain, or null. */
    private static String transportMessage(Throwable thrown) {
        for (Throwable t = thrown; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof ModelCallException m && m.apiError() == null && m.getMessage() != null) return m.getMessage();
        }
        return null;
    }

    /**
     * The failure a stream event announces: an in-stream error, or a terminal verdict that is not
     * an answer (content filter, refusal). Empty for every other event.
     */
    public static Optional<Failure> of(StreamEvent event) {
        return switch (event) {
            case StreamEvent.Error e -> Optional.of(new Failure.StreamError(e.error()));
            case StreamEvent.Finish f when f.reason() == FinishReason.CONTENT_FILTER ->
                    Optional.of(new Failure.ContentFiltered("finish_reason " + f.raw()));
            case StreamEvent.Finish f when f.reason() == FinishReason.REFUSAL ->
                    Optional.of(new Failure.Refused("stop_reason " + f.raw()));
            default -> Optional.empty();
        };
    }

    /** Most specific first, anywhere in the cause chain: the JDK client wraps the real cause. */
    static TransportKind transportKind(Throwable thrown) {
        if (causedBy(thrown, UnresolvedAddressException.class) || causedBy(thrown, UnknownHostException.class)) {
            return TransportKind.DNS;
        }
        if (causedBy(thrown, SSLException.class)) return TransportKind.TLS;
        if (causedBy(thrown, HttpTimeoutException.class) || causedBy(thrown, SocketTimeoutException.class)) {
            return TransportKind.TIMEOUT;
        }
        if (causedBy(thrown, ConnectException.class) || causedBy(thrown, NoRouteToHostException.class)) {
            return TransportKind.REFUSED;
        }
        if (causedBy(thrown, EOFException.class) || saysAnywhere(thrown, "reset", "broken pipe",
                "received no bytes", "connection closed", "closed locally", "eof reached", "unexpected end of stream")
                || causedBy(thrown, SocketException.class)) {
            return TransportKind.RESET;
        }
        return TransportKind.OTHER;
    }

    private static boolean causedBy(Throwable thrown, Class<? extends Throwable> type) {
        for (Throwable t = thrown; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) return true;
        }
        return false;
    }

    private static boolean saysAnywhere(Throwable thrown, String... phrases) {
        for (Throwable t = thrown; t != null; t = t.getCause() == t ? null : t.getCause()) {
            String m = t.getMessage() == null ? "" : t.getMessage().toLowerCase(Locale.ROOT);
            for (String p : phrases) if (m.contains(p)) return true;
        }
        return false;
    }

    /** The innermost useful message, with the exception type when there is none. */
    /**
     * What went wrong in people's words: the root cause's message, or, when it has none, its
     * type spelled out ("socket timeout"). Never a Java class name, which tells a user nothing.
     */
    static String message(Throwable thrown) {
        Throwable root = thrown;
        while (root.getCause() != null && root.getCause() != root) root = root.getCause();
        String m = root.getMessage();
        if (m != null && !m.isBlank()) return m;
        if (root instanceof java.io.EOFException) return "the connection closed before the response ended";
        String words = root.getClass().getSimpleName().replaceAll("(Exception|Error)$", "")
                .replaceAll("([a-z])([A-Z])", "$1 $2").toLowerCase(java.util.Locale.ROOT).trim();
        return words.isEmpty() ? "no detail given" : words;
    }
}

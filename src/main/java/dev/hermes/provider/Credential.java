package dev.hermes.provider;

import dev.hermes.log.Redactor;

import java.util.Objects;

/**
 * An API key and where it came from. {@link #toString()} never shows the key, so a credential
 * that slips into a log line, an exception message or a test failure leaks nothing.
 *
 * @param secret the key itself; read it only to put it on the wire
 * @param source where it was found, e.g. "env MINIMAX_API_KEY" or "~/.hermes/.env:3"
 * @param label  a stable, non-secret name for this key within its pool (e.g. "key#2"), used for
 *               benching and least-used accounting
 */
public record Credential(String secret, String source, String label) {

    public Credential {
        Objects.requireNonNull(secret, "secret");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(label, "label");
        // Every key the process holds passes through here, so from now on it is masked in every
        // log line, transcript and error message, whatever code path printed it.
        Redactor.remember(secret);
    }

    /** A key shape that can be printed: the last four characters only, for keys long enough. */
    public String fingerprint() {
        return secret.length() >= 12 ? "…" + secret.substring(secret.length() - 4) : "…";
    }

    @Override
    public String toString() {
        return "Credential[" + label + " from " + source + "]";
    }
}

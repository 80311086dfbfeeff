package dev.hermes.log;

/**
 * {@link Redactor} for text that arrives in pieces (a model's streamed answer): a secret split
 * across two pieces is still masked. Each {@link #push} returns what can be shown now, already
 * redacted; the last word or two (or a possible start of a known secret) wait for the next piece
 * or for {@link #flush}. Not thread-safe: one per stream.
 */
public final class StreamRedactor {

    /** Held text beyond this is released (redacted) anyway, so memory stays bounded. */
    private static final int MAX_HELD = 16 * 1024;

    private final StringBuilder held = new StringBuilder();

    /** Takes the next piece; returns the redacted text that is safe to show now (maybe empty). */
    public String push(String piece) {
        if (piece == null || piece.isEmpty()) return "";
        held.append(piece);
        String raw = held.toString();
        // the held tail stays raw: masking a half-arrived key would let its second half through
        int cut = Redactor.safeCut(raw, MAX_HELD);
        held.delete(0, cut);
        return Redactor.redact(raw.substring(0, cut));
    }

    /** The rest, redacted; the stream ended (or is interrupted by something else to show). */
    public String flush() {
        String rest = Redactor.redact(held.toString());
        held.setLength(0);
        return rest;
    }

    /** Forgets held text without showing it (the attempt it belonged to was voided). */
    public void discard() {
        held.setLength(0);
    }
}

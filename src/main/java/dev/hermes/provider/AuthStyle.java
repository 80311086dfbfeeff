package dev.hermes.provider;

/** How a provider wants its API key sent. */
public enum AuthStyle {
    /** {@code Authorization: Bearer KEY} */
    BEARER,
    /** {@code x-api-key: KEY} (Anthropic) */
    X_API_KEY,
    /** Both headers: MiniMax's Anthropic-compatible endpoint has been seen to demand either one. */
    BOTH,
    /** No key at all (local servers). */
    NONE
}

package dev.hermes.provider;

import dev.hermes.provider.anthropic.AnthropicMessagesClient;
import dev.hermes.provider.openai.OpenAiChatClient;

import java.net.http.HttpClient;

/** Builds the client for an endpoint's own wire API (never a default one: the first seed's bug). */
public final class ModelClients {

    private ModelClients() {
    }

    /** A new client for {@code endpoint.wire()} with its own HTTP client; the caller closes it. */
    public static ModelClient create(Endpoint endpoint, CredentialSource credentials) {
        return create(endpoint, credentials, null);
    }

    /**
     * A new client for {@code endpoint.wire()} sending through {@code http} (shared, owned by the
     * caller), or through an HTTP client of its own when {@code http} is null.
     */
    public static ModelClient create(Endpoint endpoint, CredentialSource credentials, HttpClient http) {
        return switch (endpoint.wire()) {
            case CHAT_COMPLETIONS -> new OpenAiChatClient(endpoint, credentials, http);
            case ANTHROPIC_MESSAGES -> new AnthropicMessagesClient(endpoint, credentials, http);
        };
    }
}

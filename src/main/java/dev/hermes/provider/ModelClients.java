package dev.hermes.provider;

import dev.hermes.provider.anthropic.AnthropicMessagesClient;
import dev.hermes.provider.openai.OpenAiChatClient;

/** Builds the client for an endpoint's own wire API (never a default one: the first seed's bug). */
public final class ModelClients {

    private ModelClients() {
    }

    /** A new client for {@code endpoint.wire()}; the caller closes it. */
    public static ModelClient create(Endpoint endpoint, CredentialSource credentials) {
        return switch (endpoint.wire()) {
            case CHAT_COMPLETIONS -> new OpenAiChatClient(endpoint, credentials);
            case ANTHROPIC_MESSAGES -> new AnthropicMessagesClient(endpoint, credentials);
        };
    }
}

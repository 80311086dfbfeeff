package dev.hermes.provider.clients;

import dev.hermes.provider.Credential;
import dev.hermes.provider.CredentialSource;
import dev.hermes.provider.Endpoint;
import dev.hermes.provider.ModelClient;
import dev.hermes.provider.anthropic.AnthropicMessagesClient;
import dev.hermes.provider.http.AuthHeaders;
import dev.hermes.provider.http.HttpEngine;
import dev.hermes.provider.openai.OpenAiChatClient;

import java.net.http.HttpRequest;
import java.time.Duration;

/**
 * Builds the client for an endpoint's own wire API, never a default one (an Anthropic-wire
 * endpoint such as MiniMax's {@code /anthropic} must get Anthropic requests). It sits above the
 * wire packages so that {@code provider} itself, which they build on, does not depend on them.
 */
public final class ModelClients {

    private ModelClients() {
    }

    /** A new client for {@code endpoint.wire()} with its own HTTP engine; the caller closes it. */
    public static ModelClient create(Endpoint endpoint, CredentialSource credentials) {
        return create(endpoint, credentials, null);
    }

    /**
     * A new client for {@code endpoint.wire()} sending through {@code http} (shared, owned by the
     * caller), or through an HTTP engine of its own when {@code http} is null.
     */
    public static ModelClient create(Endpoint endpoint, CredentialSource credentials, HttpEngine http) {
        return switch (endpoint.wire()) {
            case CHAT_COMPLETIONS -> new OpenAiChatClient(endpoint, credentials, http);
            case ANTHROPIC_MESSAGES -> new AnthropicMessagesClient(endpoint, credentials, http);
        };
    }

    /**
     * A cheap, side-effect-free request that proves the endpoint answers and takes the key: a GET
     * of the model list in the endpoint's own wire ({@code {base}/models} for chat-completions,
     * {@code {base}/v1/models} for Anthropic Messages), carrying exactly the auth and extra headers
     * a model call would.
     *
     * @param credential the key to send, or null to send none
     * @param timeout    the request's timeout until response headers arrive
     */
    public static HttpRequest modelListRequest(Endpoint endpoint, Credential credential, Duration timeout) {
        HttpRequest.Builder b = switch (endpoint.wire()) {
            case CHAT_COMPLETIONS -> OpenAiChatClient.modelList(endpoint.baseUrl());
            case ANTHROPIC_MESSAGES -> AnthropicMessagesClient.modelList(endpoint.baseUrl());
        };
        b.header("Accept", "application/json").timeout(timeout);
        AuthHeaders.apply(b, endpoint, credential);
        return b.build();
    }
}

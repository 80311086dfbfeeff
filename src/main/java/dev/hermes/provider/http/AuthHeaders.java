package dev.hermes.provider.http;

import dev.hermes.provider.Credential;
import dev.hermes.provider.Endpoint;

import java.net.http.HttpRequest;
import java.util.Map;

/**
 * The headers every request to an endpoint carries: the key in the endpoint's {@link
 * dev.hermes.provider.AuthStyle}, then the endpoint's extra headers. One place, so a model call
 * and a reachability check ({@code hermes doctor}) authenticate exactly alike.
 */
public final class AuthHeaders {

    private AuthHeaders() {
    }

    /**
     * Sets the auth and extra headers on {@code builder}.
     *
     * @param credential the key to send, or null for a keyless endpoint (nothing is sent)
     * @throws IllegalArgumentException when an extra header cannot be set (restricted or malformed
     *                                  name); the message names the provider and the header, never a value
     */
    public static void apply(HttpRequest.Builder builder, Endpoint endpoint, Credential credential) {
        if (credential != null) {
            switch (endpoint.auth()) {
                case BEARER -> builder.header("Authorization", "Bearer " + credential.secret());
                case X_API_KEY -> builder.header("x-api-key", credential.secret());
                case BOTH -> builder.header("Authorization", "Bearer " + credential.secret())
                        .header("x-api-key", credential.secret());
                case NONE -> {
                    // a local server: the key, if any, is not sent
                }
            }
        }
        for (Map.Entry<String, String> h : endpoint.extraHeaders().entrySet()) {
            try {
                builder.header(h.getKey(), h.getValue());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(endpoint.provider() + ": extra header '" + h.getKey()
                        + "' cannot be set on an HTTP request (restricted or malformed name)", e);
            }
        }
    }
}

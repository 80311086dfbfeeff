package dev.hermes.provider;

import java.util.Objects;

/**
 * One place a model call can go: an endpoint, the model there, a live source of keys and the
 * timeouts. The primary route and each fallback are one of these.
 *
 * @param endpoint    where and how (the key is not in it)
 * @param model       model name as the provider spells it
 * @param credentials asked for a key on every request; {@link CredentialSource#NONE} for keyless
 * @param settings    timeouts, with origins
 */
public record Route(Endpoint endpoint, String model, CredentialSource credentials, ProviderSettings settings) {
    public Route {
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(credentials, "credentials");
        Objects.requireNonNull(settings, "settings");
    }

    /** The route's identity: breakers, client pool, prefill memory and benches are keyed by it. */
    public RouteKey key() {
        return RouteKey.of(endpoint, model);
    }

    /** "minimax/MiniMax-M2.7", for status lines. */
    public String describe() {
        return endpoint.provider() + "/" + model;
    }
}

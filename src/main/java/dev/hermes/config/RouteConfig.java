package dev.hermes.config;

import dev.hermes.provider.WireApi;
import dev.hermes.util.Sourced;

import java.net.URI;

/**
 * A configured route: the {@code model} section or one {@code fallback_providers} entry. Every
 * part is null when not configured.
 *
 * @param key      where it is configured, for messages: "model" or "fallback_providers[1]"
 * @param provider provider id
 * @param model    model name ({@code model.default} in the model section)
 * @param apiKey   a literal key (discouraged); never printed
 */
public record RouteConfig(String key, Sourced<String> provider, Sourced<String> model, Sourced<URI> baseUrl,
                          Sourced<WireApi> apiMode, Sourced<String> keyEnv, Sourced<String> apiKey) {

    /** The key path of one of this route's settings, e.g. "fallback_providers[1].provider". */
    public String keyOf(String setting) {
        return key + "." + setting;
    }
}

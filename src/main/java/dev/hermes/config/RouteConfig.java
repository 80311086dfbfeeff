package dev.hermes.config;

import dev.hermes.provider.WireApi;
import dev.hermes.util.Sourced;

import java.net.URI;
import java.util.Map;

/**
 * A configured route: the {@code model} section, one {@code fallback_providers} entry, or one
 * {@code model_aliases} entry (or one of its fallbacks). Every part is null (headers: empty) when
 * not configured.
 *
 * @param key      where it is configured, for messages: "model" or "fallback_providers[1]"
 * @param provider provider id
 * @param model    model name ({@code model.default} in the model section)
 * @param apiKey   a literal key (discouraged); never printed
 * @param keyCmd   a command that prints a short-lived token; preferred over apiKey and keyEnv
 * @param headers  extra request headers ({@code default_headers}, overridden by {@code extra_headers})
 */
public record RouteConfig(String key, Sourced<String> provider, Sourced<String> model, Sourced<URI> baseUrl,
                          Sourced<WireApi> apiMode, Sourced<String> keyEnv, Sourced<String> apiKey,
                          Sourced<String> keyCmd, Map<String, Sourced<String>> headers) {

    public RouteConfig {
        headers = Map.copyOf(headers);
    }

    public RouteConfig(String key, Sourced<String> provider, Sourced<String> model, Sourced<URI> baseUrl,
                       Sourced<WireApi> apiMode, Sourced<String> keyEnv, Sourced<String> apiKey) {
        this(key, provider, model, baseUrl, apiMode, keyEnv, apiKey, null, Map.of());
    }

    /** The key path of one of this route's settings, e.g. "fallback_providers[1].provider". */
    public String keyOf(String setting) {
        return key + "." + setting;
    }
}

package dev.hermes.config;

import dev.hermes.provider.WireApi;
import dev.hermes.util.Sourced;

import java.net.URI;
import java.util.Map;

/**
 * A {@code providers.<id>} section: overrides for a built-in provider, or the definition of a new
 * one (a {@code base_url} makes an unknown id usable). Null parts are unset.
 *
 * @param headers extra request headers ({@code headers}, {@code default_headers}, {@code extra_headers}; never shown)
 * @param models  per-model timeouts, by model name
 * @param keyCmd  a command that prints a short-lived token, or null
 * @param model   the provider's default model ({@code providers.<id>.model}), or null
 */
public record ProviderConfig(String id, Sourced<URI> baseUrl, Sourced<WireApi> apiMode, Sourced<String> keyEnv,
                             Sourced<String> apiKey, Timeouts timeouts, Map<String, Sourced<String>> headers,
                             Map<String, Timeouts> models, Sourced<String> keyCmd, Sourced<String> model) {
    public ProviderConfig {
        headers = Map.copyOf(headers);
        models = Map.copyOf(models);
    }

    public static ProviderConfig empty(String id) {
        return new ProviderConfig(id, null, null, null, null, Timeouts.NONE, Map.of(), Map.of(), null, null);
    }
}

package dev.hermes.provider;

import java.net.URI;
import java.util.List;
import java.util.Objects;

/**
 * A provider hermes knows how to reach without configuration.
 *
 * @param id         provider id as written in config.yaml ({@code model.provider})
 * @param baseUrl    default base URL, or null when the user must give one ({@code custom})
 * @param wire       default wire API (config {@code api_mode} may change it)
 * @param auth       how the key is sent
 * @param keyEnvVars environment variables holding the key, in preference order (empty: no key)
 * @param local      a server on this machine: keyless and with generous stall timeouts
 */
public record ProviderSpec(String id, URI baseUrl, WireApi wire, AuthStyle auth, List<String> keyEnvVars,
                           boolean local) {

    public ProviderSpec {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(wire, "wire");
        Objects.requireNonNull(auth, "auth");
        keyEnvVars = List.copyOf(keyEnvVars);
    }
}

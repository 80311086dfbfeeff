package dev.hermes.provider;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * Where and how to reach one provider: everything a wire client needs except the key, which it
 * asks its {@link CredentialSource} for on every request.
 *
 * @param provider       provider id ("minimax", "openrouter", "custom", ...)
 * @param baseUrl        base URL as configured; wire clients append their path
 *                       ("/chat/completions", "/v1/messages") without doubling a trailing "/v1"
 * @param wire           the wire API spoken at that URL
 * @param auth           how the key is sent
 * @param extraHeaders   headers added to every request (non-secret)
 * @param connectTimeout TCP+TLS connect budget
 */
public record Endpoint(String provider, URI baseUrl, WireApi wire, AuthStyle auth, Map<String, String> extraHeaders,
                       Duration connectTimeout) {

    public Endpoint {
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(baseUrl, "baseUrl");
        Objects.requireNonNull(wire, "wire");
        Objects.requireNonNull(auth, "auth");
        extraHeaders = extraHeaders == null ? Map.of() : Map.copyOf(extraHeaders);
        connectTimeout = connectTimeout == null ? Duration.ofSeconds(30) : connectTimeout;
    }
}

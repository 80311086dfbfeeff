package dev.hermes.provider.clients;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hermes.provider.Credential;
import dev.hermes.provider.CredentialSource;
import dev.hermes.provider.Route;
import dev.hermes.util.Json;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * What a provider's model list ({@code GET …/models}, with the model call's own auth) says about
 * one model's context window: OpenRouter and many OpenAI-compatible servers give
 * {@code context_length}, others {@code context_window}, {@code max_context_length},
 * {@code max_input_tokens} or {@code top_provider.context_length}. Bounded by a timeout from
 * start to the whole body; any failure means "the provider does not say".
 */
public final class ModelListing {

    private static final List<String> KEYS = List.of("context_length", "context_window", "max_context_length",
            "max_input_tokens", "max_model_len");
    private static final int MAX_BODY = 8 * 1024 * 1024;

    private ModelListing() {
    }

    /** The model's context window in tokens as the provider lists it, or null when it does not say or cannot be asked. */
    public static Integer contextWindow(Route route, Duration timeout) {
        Credential credential;
        try {
            credential = route.credentials() == CredentialSource.NONE ? null : route.credentials().acquire();
        } catch (RuntimeException e) {
            return null; // no key: the model call will say so in its own words
        }
        HttpClient http = HttpClient.newBuilder().connectTimeout(timeout).build();
        CompletableFuture<HttpResponse<byte[]>> pending;
        try {
            pending = http.sendAsync(ModelClients.modelListRequest(route.endpoint(), credential, timeout),
                    HttpResponse.BodyHandlers.ofByteArray());
        } catch (IllegalArgumentException e) {
            return null;
        }
        try {
            HttpResponse<byte[]> response = pending.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
            if (response.statusCode() != 200 || response.body().length > MAX_BODY) return null;
            return find(Json.MAPPER.readTree(response.body()), route.model());
        } catch (TimeoutException | ExecutionException | IOException e) {
            pending.cancel(true);
            return null;
        } catch (InterruptedException e) {
            pending.cancel(true);
            Thread.currentThread().interrupt();
            return null;
        } finally {
            http.shutdownNow(); // close() would wait for an exchange the server never finishes
        }
    }

    /** The window of {@code model} in a model list body, or null. */
    static Integer find(JsonNode body, String model) {
        JsonNode list = body.isArray() ? body : body.path("data");
        for (JsonNode m : list) {
            if (!model.equals(m.path("id").asText(null))) continue;
            for (String key : KEYS) {
                if (m.path(key).canConvertToInt() && m.path(key).asInt() > 0) return m.path(key).asInt();
            }
            JsonNode top = m.path("top_provider").path("context_length");
            return top.canConvertToInt() && top.asInt() > 0 ? top.asInt() : null;
        }
        return null;
    }
}

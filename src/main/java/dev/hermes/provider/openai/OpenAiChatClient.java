package dev.hermes.provider.openai;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import dev.hermes.llm.ChatRequest;
import dev.hermes.llm.ChatResponse;
import dev.hermes.llm.StreamEvent;
import dev.hermes.provider.CredentialSource;
import dev.hermes.provider.Endpoint;
import dev.hermes.provider.EventStream;
import dev.hermes.provider.ModelClient;
import dev.hermes.provider.WireListener;
import dev.hermes.provider.http.ChunkJson;
import dev.hermes.provider.http.HttpTransport;
import dev.hermes.provider.http.Urls;
import dev.hermes.provider.http.WireCalls;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import dev.hermes.provider.http.HttpEngine;
import java.net.http.HttpRequest;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A client for the OpenAI chat-completions wire ({@code POST {base}/chat/completions}), spoken by
 * OpenAI, OpenRouter, DeepSeek, local servers and many more.
 *
 * <p>URL rule: the path is appended to the configured base as it is ("https://api.openai.com/v1"
 * gives ".../v1/chat/completions"); no version segment is added, since compatible servers put
 * theirs in different places. Keys are resolved per request; see {@link HttpTransport}.
 *
 * <p>Thread-safe. {@link #close()} closes in-flight streams.
 */
public final class OpenAiChatClient implements ModelClient {

    private final HttpTransport transport;
    private final URI uri;

    public OpenAiChatClient(Endpoint endpoint, CredentialSource credentials) {
        this(endpoint, credentials, null);
    }

    /** @param engine a shared HTTP engine (the caller shuts it down), or null to build an own one */
    public OpenAiChatClient(Endpoint endpoint, CredentialSource credentials, HttpEngine engine) {
        this.transport = new HttpTransport(endpoint, credentials, engine, Clock.systemUTC());
        this.uri = Urls.append(endpoint.baseUrl(), "/chat/completions");
    }

    /** A GET of the model list ({@code {base}/models}); the caller adds auth ({@code AuthHeaders}). */
    public static HttpRequest.Builder modelList(URI baseUrl) {
        return HttpRequest.newBuilder(Urls.append(baseUrl, "/models")).GET();
    }

    @Override
    public String provider() {
        return transport.endpoint().provider();
    }

    /** The URL requests go to. */
    public URI uri() {
        return uri;
    }

    @Override
    public EventStream openStream(ChatRequest request, WireListener listener) {
        byte[] body = OpenAiRequestWriter.write(request, true);
        return WireCalls.openSse(transport, uri, body, Map.of(), listener, new OpenAiStreamTranslator());
    }

    /** A non-streaming call; see {@link WireCalls#complete} for a body without finish_reason. */
    @Override
    public ChatResponse complete(ChatRequest request, WireListener listener) {
        byte[] body = OpenAiRequestWriter.write(request, false);
        return WireCalls.complete(transport, uri, body, Map.of(), listener, request.model(), OpenAiChatClient::events);
    }

    private static List<StreamEvent> events(JsonNode response) {
        OpenAiEvents.Decoded decoded;
        try (JsonParser p = ChunkJson.open(response)) {
            decoded = OpenAiEvents.decode(p, "message", false);
        } catch (IOException e) {
            throw new UncheckedIOException("reading a parsed response cannot fail", e);
        }
        List<StreamEvent> out = new ArrayList<>();
        StreamEvent.Started started = decoded.started();
        if (started != null) out.add(started);
        decoded.events(out);
        return out;
    }

    @Override
    public void close() {
        transport.close();
    }
}

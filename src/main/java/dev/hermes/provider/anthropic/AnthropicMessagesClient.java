package dev.hermes.provider.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hermes.llm.ChatRequest;
import dev.hermes.llm.ChatResponse;
import dev.hermes.llm.StreamEvent;
import dev.hermes.provider.CredentialSource;
import dev.hermes.provider.Endpoint;
import dev.hermes.provider.EventStream;
import dev.hermes.provider.ModelClient;
import dev.hermes.provider.WireListener;
import dev.hermes.provider.http.HttpTransport;
import dev.hermes.provider.http.Urls;
import dev.hermes.provider.http.WireCalls;

import java.net.URI;
import dev.hermes.provider.http.HttpEngine;
import java.net.http.HttpRequest;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A client for the Anthropic Messages wire ({@code POST {base}/v1/messages}), spoken by Anthropic
 * and by MiniMax's Anthropic-compatible endpoint.
 *
 * <p>URL rule: "/v1/messages" is appended to the base, or only "/messages" when the base already
 * ends with "/v1" ("https://api.anthropic.com" and "https://api.anthropic.com/v1" both work;
 * "https://api.minimax.io/anthropic" gives ".../anthropic/v1/messages"). Sends
 * {@code anthropic-version: 2023-06-01}; keys are resolved per request, see {@link HttpTransport}.
 *
 * <p>Thread-safe. {@link #close()} closes in-flight streams.
 */
public final class AnthropicMessagesClient implements ModelClient {

    static final String API_VERSION = "2023-06-01";
    private static final Map<String, String> WIRE_HEADERS = Map.of("anthropic-version", API_VERSION);

    private final HttpTransport transport;
    private final URI uri;

    public AnthropicMessagesClient(Endpoint endpoint, CredentialSource credentials) {
        this(endpoint, credentials, null);
    }

    /** @param engine a shared HTTP engine (the caller shuts it down), or null to build an own one */
    public AnthropicMessagesClient(Endpoint endpoint, CredentialSource credentials, HttpEngine engine) {
        this.transport = new HttpTransport(endpoint, credentials, engine, Clock.systemUTC());
        this.uri = versioned(endpoint.baseUrl(), "/messages");
    }

    /**
     * A GET of the model list ({@code {base}/v1/models}, same "/v1" rule as messages) with the
     * wire's own headers; the caller adds auth ({@code AuthHeaders}).
     */
    public static HttpRequest.Builder modelList(URI baseUrl) {
        HttpRequest.Builder b = HttpRequest.newBuilder(versioned(baseUrl, "/models")).GET();
        WIRE_HEADERS.forEach(b::header);
        return b;
    }

    private static URI versioned(URI base, String path) {
        return Urls.pathEndsWith(base, "v1") ? Urls.append(base, path) : Urls.append(base, "/v1" + path);
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
        byte[] body = AnthropicRequestWriter.write(request, true);
        return WireCalls.openSse(transport, uri, body, WIRE_HEADERS, listener, new AnthropicStreamTranslator());
    }

    /**
     * A non-streaming call. Tool-call arguments arrive here as a parsed object and are written
     * back as compact JSON text (the streamed form keeps the model's exact text).
     */
    @Override
    public ChatResponse complete(ChatRequest request, WireListener listener) {
        byte[] body = AnthropicRequestWriter.write(request, false);
        return WireCalls.complete(transport, uri, body, WIRE_HEADERS, listener, request.model(),
                AnthropicMessagesClient::events);
    }

    private static List<StreamEvent> events(JsonNode message) {
        List<StreamEvent> out = new ArrayList<>();
        out.add(new StreamEvent.Started(AnthropicEvents.text(message.get("id")), AnthropicEvents.text(message.get("model"))));
        int tools = 0;
        for (JsonNode block : message.path("content")) {
            switch (block.path("type").asText("")) {
                case "text" -> out.add(new StreamEvent.TextDelta(block.path("text").asText("")));
                case "thinking" -> out.add(new StreamEvent.ReasoningDelta(block.path("thinking").asText(""),
                        AnthropicEvents.text(block.get("signature"))));
                case "tool_use" -> out.add(new StreamEvent.ToolCallDelta(tools++, AnthropicEvents.text(block.get("id")),
                        AnthropicEvents.text(block.get("name")), block.path("input").toString()));
                default -> {
                    // server-side blocks (web search results, redacted thinking) carry nothing we use
                }
            }
        }
        AnthropicEvents.finish(AnthropicEvents.text(message.get("stop_reason")), out);
        AnthropicEvents.usage(message.get("usage"), out);
        return out;
    }

    @Override
    public void close() {
        transport.close();
    }
}

package dev.hermes.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hermes.provider.WireApi;
import dev.hermes.util.Json;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;

/** Request bodies and SSE parsing for both wires, as a client would do it (test support). */
final class Wire {

    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    /** One SSE event: its {@code event:} name (null if none), data (null if none), or a comment. */
    record Event(String name, String data, String comment) {
        JsonNode json() throws IOException {
            return Json.MAPPER.readTree(data);
        }
    }

    private Wire() {
    }

    static String path(WireApi wire) {
        return wire == WireApi.CHAT_COMPLETIONS ? "/v1/chat/completions" : "/v1/messages";
    }

    /** A request body; {@code roleText} alternates role, text, role, text... */
    static String body(WireApi wire, String model, boolean stream, String... roleText) {
        ObjectNode root = Json.MAPPER.createObjectNode().put("model", model).put("stream", stream);
        if (wire == WireApi.ANTHROPIC_MESSAGES) root.put("max_tokens", 1024);
        if (wire == WireApi.CHAT_COMPLETIONS && stream) root.putObject("stream_options").put("include_usage", true);
        ArrayNode msgs = root.putArray("messages");
        for (int i = 0; i < roleText.length; i += 2) msgs.addObject().put("role", roleText[i]).put("content", roleText[i + 1]);
        return root.toString();
    }

    static HttpResponse<String> send(int port, WireApi wire, String body, String... headers)
            throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path(wire)))
                .POST(HttpRequest.BodyPublishers.ofString(body)).header("content-type", "application/json");
        if (headers.length > 0) b.headers(headers);
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> get(int port, String path) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static List<Event> events(String sse) {
        List<Event> out = new ArrayList<>();
        for (String block : sse.split("\n\n")) {
            if (block.isEmpty()) continue;
            String name = null, data = null, comment = null;
            for (String line : block.split("\n")) {
                if (line.startsWith("event: ")) name = line.substring(7);
                else if (line.startsWith("data: ")) data = line.substring(6);
                else if (line.startsWith(":")) comment = line.substring(1).trim();
            }
            out.add(new Event(name, data, comment));
        }
        return out;
    }

    /** The answer text carried by the content events of either wire. */
    static String text(WireApi wire, List<Event> events) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (Event e : events) {
            if (e.data() == null || e.data().equals("[DONE]")) continue;
            JsonNode j = e.json();
            if (wire == WireApi.CHAT_COMPLETIONS) {
                sb.append(j.path("choices").path(0).path("delta").path("content").asText(""));
            } else if ("content_block_delta".equals(e.name())) {
                sb.append(j.path("delta").path("text").asText(""));
            }
        }
        return sb.toString();
    }

    /** Content chunks: events that carry text or argument fragments. */
    static int contentChunks(WireApi wire, List<Event> events) throws IOException {
        int n = 0;
        for (Event e : events) {
            if (e.data() == null || e.data().equals("[DONE]")) continue;
            JsonNode j = e.json();
            JsonNode delta = j.path("choices").path(0).path("delta");
            if (wire == WireApi.CHAT_COMPLETIONS) {
                if (!delta.path("content").asText("").isEmpty()
                        || !delta.path("tool_calls").path(0).path("function").path("arguments").asText("").isEmpty()) n++;
            } else if ("content_block_delta".equals(e.name())) {
                n++;
            }
        }
        return n;
    }

    /** The text of a non-streamed response of either wire. */
    static String wholeText(WireApi wire, String body) throws IOException {
        JsonNode j = Json.MAPPER.readTree(body);
        return wire == WireApi.CHAT_COMPLETIONS ? j.path("choices").path(0).path("message").path("content").asText()
                : j.path("content").path(0).path("text").asText();
    }
}

package dev.hermes.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hermes.testing.LoopbackServer;
import dev.hermes.testing.RecordedRequest;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A small OpenAI-wire model on loopback that records every request (body and headers) so tests
 * can see what the real launcher sent: the model name, the system prompt, the tools offered, the
 * history, the key. It answers {@code "OK: <last user message>"}; a last user message containing
 * {@code TOOL name {json}} gets that tool call first (then the answer, once the result is back).
 * With a required key, any other Authorization is a 401.
 */
final class RecordingModel implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern TOOL = Pattern.compile("TOOL (\\w+) (\\{.*})");

    private final LoopbackServer server;

    RecordingModel(String requiredKey) {
        server = LoopbackServer.start((request, exchange) -> {
            if (requiredKey != null && !("Bearer " + requiredKey).equals(request.header("Authorization"))) {
                exchange.json(401, "{\"error\":{\"message\":\"invalid api key\",\"type\":\"authentication_error\"}}");
                return;
            }
            JsonNode body = JSON.readTree(request.body());
            JsonNode messages = body.path("messages");
            JsonNode last = messages.get(messages.size() - 1);
            String lastUser = "";
            for (JsonNode m : messages) if (m.path("role").asText().equals("user")) lastUser = m.path("content").asText();
            Matcher tool = TOOL.matcher(lastUser);
            exchange.startEventStream();
            if (tool.find() && !last.path("role").asText().equals("tool")) {
                String call = "{\"index\":0,\"id\":\"call_1\",\"type\":\"function\",\"function\":{\"name\":\"" + tool.group(1)
                        + "\",\"arguments\":" + JSON.writeValueAsString(tool.group(2)) + "}}";
                exchange.chunk("data: " + delta("{\"role\":\"assistant\",\"tool_calls\":[" + call + "]}") + "\n\n");
                exchange.chunk("data: " + finish("tool_calls") + "\n\n");
            } else {
                exchange.chunk("data: " + delta("{\"role\":\"assistant\",\"content\":" + JSON.writeValueAsString(answer(lastUser)) + "}") + "\n\n");
                exchange.chunk("data: " + finish("stop") + "\n\n");
            }
            exchange.chunk("data: [DONE]\n\n");
            exchange.endChunks();
        });
    }

    static String answer(String lastUser) {
        return "OK: " + lastUser;
    }

    String baseUrl() {
        return server.uri() + "/v1";
    }

    List<RecordedRequest> requests() {
        return server.requests().stream().filter(r -> r.path().endsWith("/chat/completions")).toList();
    }

    JsonNode lastBody() throws Exception {
        List<RecordedRequest> all = requests();
        return JSON.readTree(all.get(all.size() - 1).body());
    }

    /** The names of the tools offered in the last request. */
    List<String> lastTools() throws Exception {
        return lastBody().path("tools").findValues("name").stream().map(JsonNode::asText).toList();
    }

    private static String delta(String deltaJson) {
        return "{\"id\":\"chatcmpl-1\",\"choices\":[{\"index\":0,\"delta\":" + deltaJson + ",\"finish_reason\":null}]}";
    }

    private static String finish(String reason) {
        return "{\"id\":\"chatcmpl-1\",\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"" + reason + "\"}]}";
    }

    @Override
    public void close() {
        server.close();
    }
}

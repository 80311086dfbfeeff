package dev.hermes.sim;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hermes.provider.WireApi;
import dev.hermes.util.Json;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@Timeout(30)
class SimScriptTest {

    private static final String YAML = """
            name: weather
            turns:
              - tool_calls:
                  - name: get_weather
                    arguments: {city: Paris, days: 2}
              - text: "It is sunny in Paris."
                fault: "stall:after=1"
            """;

    private SimServer sim;

    @BeforeEach
    void start() throws Exception {
        sim = SimServer.start();
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    /** Arguments of tool call 0 reassembled from the stream's fragments. */
    private static String streamedArguments(WireApi wire, List<Wire.Event> ev) throws Exception {
        StringBuilder sb = new StringBuilder();
        for (Wire.Event e : ev) {
            if (e.data() == null || e.data().equals("[DONE]")) continue;
            JsonNode j = e.json();
            if (wire == WireApi.CHAT_COMPLETIONS) {
                sb.append(j.path("choices").path(0).path("delta").path("tool_calls").path(0).path("function")
                        .path("arguments").asText(""));
            } else {
                sb.append(j.path("delta").path("partial_json").asText(""));
            }
        }
        return sb.toString();
    }

    @ParameterizedTest
    @EnumSource(WireApi.class)
    void firstTurnStreamsTheToolCallInFragments(WireApi wire) throws Exception {
        sim.registerScript(SimScript.parse(YAML, "test.yaml").getFirst());
        HttpResponse<String> r = Wire.send(sim.port(), wire, Wire.body(wire, "scripted:weather", true,
                "user", "Weather?"));
        List<Wire.Event> ev = Wire.events(r.body());
        assertThat(Json.MAPPER.readTree(streamedArguments(wire, ev)))
                .isEqualTo(Json.MAPPER.readTree("{\"city\":\"Paris\",\"days\":2}"));
        assertThat(Wire.contentChunks(wire, ev)).isGreaterThan(1);
        assertThat(r.body()).contains("get_weather").contains(wire == WireApi.CHAT_COMPLETIONS
                ? "\"finish_reason\":\"tool_calls\"" : "\"stop_reason\":\"tool_use\"");
    }

    @Test
    void turnIsChosenByAssistantMessagesAndATurnFaultApplies() throws Exception {
        sim.registerScript(SimScript.parse(YAML, "test.yaml").getFirst());
        String body = Wire.body(WireApi.CHAT_COMPLETIONS, "scripted:weather", true,
                "user", "Weather?", "assistant", "calling tool", "user", "tool said sunny");
        try (RawExchange x = RawExchange.post(sim.port(), "/v1/chat/completions", body)) {
            assertThat(x.readHead()).isTrue();
            x.timeout(300);
            RawExchange.Body b = x.readBody();
            assertThat(b.ending()).isEqualTo(RawExchange.Ending.TIMEOUT);
            assertThat(Wire.text(WireApi.CHAT_COMPLETIONS, Wire.events(b.text()))).isEqualTo("It is sunny");
        }
        SimAttempt a = sim.attempts().getFirst();
        assertThat(a.fault()).isEqualTo("scripted:weather turn 2 stall:after=1");
        assertThat(a.outcome()).isEqualTo("stalled after 1 chunk");
    }

    @Test
    void nonStreamedToolCallsInBothWires() throws Exception {
        sim.registerScript(new SimScript("two", List.of(
                SimScript.Turn.tools(SimScript.ToolCall.of("read", Map.of("path", "a.txt")),
                        SimScript.ToolCall.of("read", Map.of("path", "b.txt"))))));
        JsonNode oai = Json.MAPPER.readTree(Wire.send(sim.port(), WireApi.CHAT_COMPLETIONS,
                Wire.body(WireApi.CHAT_COMPLETIONS, "scripted:two", false, "user", "go")).body());
        JsonNode calls = oai.path("choices").path(0).path("message").path("tool_calls");
        assertThat(calls).hasSize(2);
        assertThat(calls.path(1).path("function").path("arguments").asText()).isEqualTo("{\"path\":\"b.txt\"}");
        assertThat(calls.path(0).path("id").asText()).isEqualTo("call_sim_0_0");
        JsonNode anth = Json.MAPPER.readTree(Wire.send(sim.port(), WireApi.ANTHROPIC_MESSAGES,
                Wire.body(WireApi.ANTHROPIC_MESSAGES, "scripted:two", false, "user", "go")).body());
        assertThat(anth.path("content").path(1).path("input").path("path").asText()).isEqualTo("b.txt");
        assertThat(anth.path("stop_reason").asText()).isEqualTo("tool_use");
    }

    @Test
    void contentFilterOnAScriptedToolTurn() throws Exception {
        sim.registerScript(new SimScript("big", List.of(SimScript.Turn.tools(SimScript.ToolCall.of("write_file",
                Map.of("path", "x.md", "content", "a long document body"))).withFault("content-filter-tool:after=1"))));
        HttpResponse<String> r = Wire.send(sim.port(), WireApi.ANTHROPIC_MESSAGES,
                Wire.body(WireApi.ANTHROPIC_MESSAGES, "scripted:big", true, "user", "write"));
        List<Wire.Event> ev = Wire.events(r.body());
        assertThat(Wire.contentChunks(WireApi.ANTHROPIC_MESSAGES, ev)).isEqualTo(1);
        assertThat(ev.getLast().name()).isEqualTo("error");
        assertThat(r.body()).contains("output new_sensitive (1027)");
    }

    @Test
    void scriptsRegisterOverHttpAndUnknownScriptsOrTurnsAreClear() throws Exception {
        HttpResponse<String> reg = Wire.HTTP.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + sim.port() + "/_sim/scripts"))
                .POST(HttpRequest.BodyPublishers.ofString("[{\"name\":\"hi\",\"turns\":[{\"text\":\"Hello there.\"}]}]"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(reg.body()).isEqualTo("{\"registered\":[\"hi\"]}");
        HttpResponse<String> r = Wire.send(sim.port(), WireApi.CHAT_COMPLETIONS,
                Wire.body(WireApi.CHAT_COMPLETIONS, "scripted:hi", false, "user", "x"));
        assertThat(Wire.wholeText(WireApi.CHAT_COMPLETIONS, r.body())).isEqualTo("Hello there.");
        HttpResponse<String> beyond = Wire.send(sim.port(), WireApi.CHAT_COMPLETIONS,
                Wire.body(WireApi.CHAT_COMPLETIONS, "scripted:hi", false, "user", "x", "assistant", "y", "user", "z"));
        assertThat(beyond.statusCode()).isEqualTo(400);
        assertThat(beyond.body()).contains("script 'hi' has 1 turns; this request is for turn 2");
        HttpResponse<String> missing = Wire.send(sim.port(), WireApi.CHAT_COMPLETIONS,
                Wire.body(WireApi.CHAT_COMPLETIONS, "scripted:nope", false, "user", "x"));
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(missing.body()).contains("no script named 'nope'");
        HttpResponse<String> bad = Wire.HTTP.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + sim.port() + "/_sim/scripts"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"x\",\"turns\":[{}]}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("script 'x' turns[0]").contains("needs text or tool_calls");
    }

    @ParameterizedTest
    @EnumSource(WireApi.class)
    void rawArgumentsAreStreamedExactlyAsWritten(WireApi wire) throws Exception {
        sim.registerScript(SimScript.parse("""
                name: broken
                turns:
                  - tool_calls: [{name: write_file, raw_arguments: "{not json"}]
                """, "broken.yaml").getFirst());
        HttpResponse<String> r = Wire.send(sim.port(), wire, Wire.body(wire, "scripted:broken", true, "user", "go"));
        assertThat(streamedArguments(wire, Wire.events(r.body()))).isEqualTo("{not json");
        // a whole Messages body cannot carry broken JSON: its input is {}
        HttpResponse<String> whole = Wire.send(sim.port(), wire, Wire.body(wire, "scripted:broken", false, "user", "go"));
        JsonNode body = Json.MAPPER.readTree(whole.body());
        if (wire == WireApi.CHAT_COMPLETIONS) {
            assertThat(body.path("choices").path(0).path("message").path("tool_calls").path(0).path("function")
                    .path("arguments").asText()).isEqualTo("{not json");
        } else {
            assertThat(body.path("content").path(0).path("input").isObject()).isTrue();
            assertThat(body.path("content").path(0).path("input")).isEmpty();
        }
    }

    @ParameterizedTest
    @EnumSource(WireApi.class)
    void lengthCutsAToolCallMidArgumentsWithFinishLengthThenHealsAfterTimes(WireApi wire) throws Exception {
        String args = "{\"path\":\"a-fairly-long-file-name.txt\"}";
        sim.registerScript(new SimScript("cut", List.of(SimScript.Turn.tools(SimScript.ToolCall.of("read_file",
                Map.of("path", "a-fairly-long-file-name.txt"))).withFault("length:after=2,times=1"))));
        String req = Wire.body(wire, "scripted:cut", true, "user", "go");
        HttpResponse<String> cut = Wire.send(sim.port(), wire, req);
        assertThat(streamedArguments(wire, Wire.events(cut.body()))).isEqualTo(args.substring(0, 24));
        assertThat(cut.body())
                .contains(wire == WireApi.CHAT_COMPLETIONS ? "\"finish_reason\":\"length\"" : "\"stop_reason\":\"max_tokens\"")
                .contains(wire == WireApi.CHAT_COMPLETIONS ? "data: [DONE]" : "message_stop");
        HttpResponse<String> healed = Wire.send(sim.port(), wire, req);
        assertThat(Json.MAPPER.readTree(streamedArguments(wire, Wire.events(healed.body()))))
                .isEqualTo(Json.MAPPER.readTree(args));
        assertThat(sim.attempts()).extracting(SimAttempt::outcome)
                .containsExactly("finish length after 2 chunks", "completed");
    }

    @Test
    void lengthCutTextContinuesFromAPrefillAndTheLogShowsMaxTokens() throws Exception {
        String full = SimServer.canonicalAnswer("healthy:words=6", "Hello");
        HttpResponse<String> cut = Wire.send(sim.port(), WireApi.CHAT_COMPLETIONS,
                Wire.body(WireApi.CHAT_COMPLETIONS, "length:after=1,words=6", true, "user", "Hello"));
        String first = Wire.text(WireApi.CHAT_COMPLETIONS, Wire.events(cut.body()));
        assertThat(first).isEqualTo("The simulator answers");
        HttpResponse<String> more = Wire.send(sim.port(), WireApi.ANTHROPIC_MESSAGES,
                Wire.body(WireApi.ANTHROPIC_MESSAGES, "healthy:words=6", true, "user", "Hello", "assistant", first));
        assertThat(first + Wire.text(WireApi.ANTHROPIC_MESSAGES, Wire.events(more.body()))).isEqualTo(full);
        assertThat(sim.attempts()).extracting(SimAttempt::maxTokens).containsExactly(null, 1024);
        assertThat(Wire.get(sim.port(), "/_sim/log").body()).contains("\"max_tokens\":1024");
    }

    @Test
    void parseErrorsNameTheSourceAndLineOrField() {
        assertThatThrownBy(() -> SimScript.parse("name: a\nturns: [\n  - text: x\n", "s.yaml"))
                .hasMessageStartingWith("s.yaml:");
        assertThatThrownBy(() -> SimScript.parse("name: a\nturns:\n  - text: x\n    fault: bogus\n", "s.yaml"))
                .hasMessageContaining("s.yaml: script 'a' turns[0]").hasMessageContaining("unknown fault 'bogus'");
        assertThatThrownBy(() -> SimScript.parse("name: a\nturns:\n  - tool_calls: [{name: t, arguments: [1]}]\n", "s.yaml"))
                .hasMessageContaining("turns[0].tool_calls[0]").hasMessageContaining("JSON object");
        assertThatThrownBy(() -> SimScript.parse("turns: []", "s.yaml")).hasMessageContaining("missing 'name'");
        assertThatThrownBy(() -> SimScript.parse("name: a\nturns:\n  - tool_calls: [{name: t, raw_arguments: 3}]\n", "s.yaml"))
                .hasMessageContaining("turns[0].tool_calls[0].raw_arguments must be a string");
        assertThatThrownBy(() -> SimScript.parse("name: a\nturns:\n  - tool_calls: [{name: t, arguments: {}, raw_arguments: x}]\n",
                "s.yaml")).hasMessageContaining("not both");
    }
}

package dev.hermes.provider.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hermes.llm.ChatRequest;
import dev.hermes.llm.ChatResponse;
import dev.hermes.llm.ContentBlock;
import dev.hermes.llm.FinishReason;
import dev.hermes.llm.Message;
import dev.hermes.llm.StreamEvent;
import dev.hermes.llm.ToolDefinition;
import dev.hermes.llm.Usage;
import dev.hermes.provider.WireListener;
import dev.hermes.provider.AuthStyle;
import dev.hermes.provider.Endpoint;
import dev.hermes.provider.EventStream;
import dev.hermes.stream.MalformedStreamException;
import dev.hermes.provider.WireApi;
import dev.hermes.stream.PartialOutput;
import dev.hermes.stream.StreamAssembler;
import dev.hermes.testing.LoopbackServer;
import dev.hermes.testing.RecordedRequest;
import dev.hermes.testing.RotatingCredentials;
import dev.hermes.util.Json;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.hermes.provider.Streams.assemble;
import static dev.hermes.provider.Streams.drain;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AnthropicMessagesClientTest {

    private static final String START = ev("message_start", "{\"type\":\"message_start\",\"message\":{\"id\":\"msg_1\","
            + "\"type\":\"message\",\"role\":\"assistant\",\"model\":\"claude-test\",\"content\":[],\"stop_reason\":null,"
            + "\"usage\":{\"input_tokens\":25,\"cache_read_input_tokens\":10,\"cache_creation_input_tokens\":5,\"output_tokens\":1}}}");
    private static final String STOP = ev("message_stop", "{\"type\":\"message_stop\"}");

    private LoopbackServer server;
    private AnthropicMessagesClient client;
    private final RotatingCredentials credentials = new RotatingCredentials();

    @AfterEach
    void tearDown() {
        if (client != null) client.close();
        if (server != null) server.close();
    }

    private static String ev(String type, String data) {
        return "event: " + type + "\ndata: " + data + "\n\n";
    }

    private static String blockStart(int index, String block) {
        return ev("content_block_start", "{\"type\":\"content_block_start\",\"index\":" + index + ",\"content_block\":" + block + "}");
    }

    private static String blockDelta(int index, String delta) {
        return ev("content_block_delta", "{\"type\":\"content_block_delta\",\"index\":" + index + ",\"delta\":" + delta + "}");
    }

    private static String blockStop(int index) {
        return ev("content_block_stop", "{\"type\":\"content_block_stop\",\"index\":" + index + "}");
    }

    private static String text(int index, String text) throws Exception {
        return blockDelta(index, "{\"type\":\"text_delta\",\"text\":" + Json.MAPPER.writeValueAsString(text) + "}");
    }

    private static String messageDelta(String stopReason, int outputTokens) {
        return ev("message_delta", "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"" + stopReason
                + "\",\"stop_sequence\":null},\"usage\":{\"output_tokens\":" + outputTokens + "}}");
    }

    /** A server answering every request with these SSE events, one TCP write each. */
    private AnthropicMessagesClient streaming(String... events) {
        server = LoopbackServer.start((request, exchange) -> {
            exchange.startEventStream();
            for (String e : events) exchange.chunk(e);
            exchange.endChunks();
        });
        return client(server.uri());
    }

    private AnthropicMessagesClient client(URI base) {
        client = new AnthropicMessagesClient(new Endpoint("anthropic", base, WireApi.ANTHROPIC_MESSAGES,
                AuthStyle.X_API_KEY, Map.of(), null), credentials);
        return client;
    }

    private static ChatRequest hello() {
        return ChatRequest.of("claude-test", List.of(Message.user("hi")));
    }

    @Test
    void streamsTextWithPingsUsageAndFinish() throws Exception {
        streaming(START, blockStart(0, "{\"type\":\"text\",\"text\":\"\"}"), ev("ping", "{\"type\": \"ping\"}"),
                text(0, "Hello"), text(0, ", wörld"), blockStop(0), messageDelta("end_turn", 15), STOP);

        List<StreamEvent> events = drain(client.openStream(hello(), WireListener.NONE));
        StreamAssembler assembler = assemble(events);

        assertThat(events).contains(new StreamEvent.Started("msg_1", "claude-test"), new StreamEvent.KeepAlive("ping"));
        ChatResponse response = assembler.response("anthropic");
        assertThat(response.text()).isEqualTo("Hello, wörld");
        assertThat(response.finishReason()).isEqualTo(FinishReason.STOP);
        assertThat(response.rawFinishReason()).isEqualTo("end_turn");
        assertThat(response.usage()).isEqualTo(new Usage(25, 15, 10, 5, 0));
    }

    @Test
    void nextReturnsNullAfterMessageStop() throws Exception {
        streaming(START, messageDelta("end_turn", 1), STOP, text(0, "after the end"));
        List<StreamEvent> events = drain(client.openStream(hello(), WireListener.NONE));
        assertThat(events.stream().filter(StreamEvent::isContent)).isEmpty();
        assertThat(assemble(events).response("anthropic").text()).isEmpty();
    }

    @Test
    void thinkingWithSignatureBecomesAReasoningBlock() throws Exception {
        streaming(START, blockStart(0, "{\"type\":\"thinking\",\"thinking\":\"\"}"),
                blockDelta(0, "{\"type\":\"thinking_delta\",\"thinking\":\"Let me \"}"),
                blockDelta(0, "{\"type\":\"thinking_delta\",\"thinking\":\"think.\"}"),
                blockDelta(0, "{\"type\":\"signature_delta\",\"signature\":\"EqQBCgIYAhIM\"}"), blockStop(0),
                blockStart(1, "{\"type\":\"text\",\"text\":\"\"}"), text(1, "Done."), blockStop(1),
                messageDelta("end_turn", 9), STOP);

        ChatResponse response = assemble(drain(client.openStream(hello(), WireListener.NONE))).response("anthropic");

        assertThat(response.message().content()).containsExactly(
                new ContentBlock.Reasoning("Let me think.", "EqQBCgIYAhIM"), new ContentBlock.Text("Done."));
    }

    @Test
    void toolCallsAreNumberedAmongToolBlocksAndAssembledExactly() throws Exception {
        String args = "{\"command\": \"echo \\\"hi\\\" \\\\ done\", \"n\": 2}";
        List<String> events = new ArrayList<>(List.of(START, blockStart(0, "{\"type\":\"text\",\"text\":\"\"}"),
                text(0, "Running."), blockStop(0),
                blockStart(1, "{\"type\":\"tool_use\",\"id\":\"toolu_1\",\"name\":\"shell\",\"input\":{}}")));
        // Fragments split inside the \" and \\ escapes.
        for (int cut = 0; cut < args.length(); cut += 5) {
            String part = args.substring(cut, Math.min(args.length(), cut + 5));
            events.add(blockDelta(1, "{\"type\":\"input_json_delta\",\"partial_json\":" + Json.MAPPER.writeValueAsString(part) + "}"));
        }
        events.add(blockStop(1));
        events.add(blockStart(2, "{\"type\":\"tool_use\",\"id\":\"toolu_2\",\"name\":\"date\",\"input\":{}}"));
        events.add(blockStop(2));
        events.add(messageDelta("tool_use", 40));
        events.add(STOP);
        streaming(events.toArray(String[]::new));

        List<StreamEvent> seen = drain(client.openStream(hello(), WireListener.NONE));
        ChatResponse response = assemble(seen).response("anthropic");

        assertThat(seen).filteredOn(StreamEvent.ToolCallDelta.class::isInstance)
                .extracting(e -> ((StreamEvent.ToolCallDelta) e).index()).containsOnly(0, 1);
        assertThat(response.text()).isEqualTo("Running.");
        assertThat(response.finishReason()).isEqualTo(FinishReason.TOOL_USE);
        assertThat(response.toolUses()).containsExactly(
                new ContentBlock.ToolUse("toolu_1", "shell", args), new ContentBlock.ToolUse("toolu_2", "date", "{}"));
    }

    @ParameterizedTest
    @CsvSource({"end_turn,STOP", "stop_sequence,STOP", "max_tokens,LENGTH", "tool_use,TOOL_USE",
            "pause_turn,PAUSE", "refusal,REFUSAL", "something_new,OTHER"})
    void stopReasonsMap(String raw, FinishReason expected) throws Exception {
        streaming(START, messageDelta(raw, 3), STOP);
        ChatResponse response = assemble(drain(client.openStream(hello(), WireListener.NONE))).response("anthropic");
        assertThat(response.finishReason()).isEqualTo(expected);
        assertThat(response.rawFinishReason()).isEqualTo(raw);
    }

    @Test
    void errorEventInsideA200Stream() throws Exception {
        streaming(START, text(0, "partial"),
                ev("error", "{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}"),
                messageDelta("end_turn", 1));
        List<StreamEvent> events = drain(client.openStream(hello(), WireListener.NONE));
        var error = ((StreamEvent.Error) events.get(events.size() - 1)).error();
        assertThat(error.inStream()).isTrue();
        assertThat(error.type()).isEqualTo("overloaded_error");
        assertThat(error.message()).isEqualTo("Overloaded");
        assertThat(assemble(events).finished()).isFalse();
    }

    @Test
    void miniMaxSensitiveOutputInStream() throws Exception {
        streaming(START, text(0, "partial"), ev("message_delta", "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":"
                + "\"end_turn\"},\"base_resp\":{\"status_code\":1027,\"status_msg\":\"output new_sensitive\"}}"), STOP);
        List<StreamEvent> events = drain(client.openStream(hello(), WireListener.NONE));
        var error = ((StreamEvent.Error) events.get(events.size() - 1)).error();
        assertThat(error.code()).isEqualTo("1027");
        assertThat(error.message()).isEqualTo("output new_sensitive");
        assertThat(assemble(events).finished()).isFalse();
    }

    @Test
    void unknownEventTypesAreKeepAlivesAndTheStreamGoesOn() throws Exception {
        streaming(START, ev("future_event", "{\"type\":\"future_event\",\"x\":1}"), text(0, "ok"),
                messageDelta("end_turn", 1), STOP);
        List<StreamEvent> events = drain(client.openStream(hello(), WireListener.NONE));
        assertThat(events).contains(new StreamEvent.KeepAlive("future_event"));
        assertThat(assemble(events).response("anthropic").text()).isEqualTo("ok");
    }

    @Test
    void malformedJsonIsAMalformedStreamException() throws Exception {
        streaming(START, "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\n\n");
        try (EventStream stream = client.openStream(hello(), WireListener.NONE)) {
            stream.next();
            stream.next();
            assertThatThrownBy(stream::next).isInstanceOf(MalformedStreamException.class)
                    .hasMessageContaining("not valid JSON");
        }
    }

    @Test
    void streamCutInsideAToolCallLeavesAnOpenCallInThePartial() throws Exception {
        streaming(START, blockStart(0, "{\"type\":\"text\",\"text\":\"\"}"), text(0, "Writing"), blockStop(0),
                blockStart(1, "{\"type\":\"tool_use\",\"id\":\"t1\",\"name\":\"read\",\"input\":{}}"),
                blockDelta(1, "{\"type\":\"input_json_delta\",\"partial_json\":\"{\\\"path\\\": \\\"/a\\\"}\"}"), blockStop(1),
                blockStart(2, "{\"type\":\"tool_use\",\"id\":\"t2\",\"name\":\"write\",\"input\":{}}"),
                blockDelta(2, "{\"type\":\"input_json_delta\",\"partial_json\":\"{\\\"path\\\": \\\"/b\"}"));
        StreamAssembler assembler = assemble(drain(client.openStream(hello(), WireListener.NONE)));

        assertThat(assembler.finished()).isFalse();
        assertThat(assembler.argumentsComplete(0)).isTrue();
        assertThat(assembler.argumentsComplete(1)).isFalse();
        assertThat(assembler.partial()).isEqualTo(new PartialOutput("Writing", "",
                List.of(new ContentBlock.ToolUse("t1", "read", "{\"path\": \"/a\"}")), 1, "write"));
    }

    @Test
    void requestJsonHasTheMessagesShape() throws Exception {
        streaming(START, messageDelta("end_turn", 1), STOP);
        ChatRequest request = new ChatRequest("claude-test", List.of(
                Message.system("rule one"),
                Message.system("rule two"),
                Message.user("read both"),
                Message.assistant(List.of(new ContentBlock.Reasoning("plan", "sig1"), new ContentBlock.Reasoning("unsigned", null),
                        new ContentBlock.Text(""),
                        new ContentBlock.ToolUse("t1", "read", "{\"p\":\"a\"}"), new ContentBlock.ToolUse("t2", "read", "{\"p\":\"b\"}"))),
                Message.toolResult("t1", "A", false),
                Message.toolResult("t2", "no such file", true),
                Message.assistant("Both files say: \n ")),
                List.of(new ToolDefinition("read", "read a file", "{\"type\":\"object\"}")), null, null);
        drain(client.openStream(request, WireListener.NONE));

        RecordedRequest seen = server.requests().get(0);
        assertThat(seen.path()).isEqualTo("/v1/messages");
        assertThat(seen.header("anthropic-version")).isEqualTo("2023-06-01");
        assertThat(seen.header("x-api-key")).isEqualTo(RotatingCredentials.key(1));
        JsonNode expected = Json.MAPPER.readTree("""
                {"model":"claude-test","max_tokens":4096,"system":"rule one\\n\\nrule two","messages":[
                  {"role":"user","content":[{"type":"text","text":"read both"}]},
                  {"role":"assistant","content":[{"type":"thinking","thinking":"plan","signature":"sig1"},
                     {"type":"tool_use","id":"t1","name":"read","input":{"p":"a"}},
                     {"type":"tool_use","id":"t2","name":"read","input":{"p":"b"}}]},
                  {"role":"user","content":[{"type":"tool_result","tool_use_id":"t1","content":"A","is_error":false},
                     {"type":"tool_result","tool_use_id":"t2","content":"no such file","is_error":true}]},
                  {"role":"assistant","content":[{"type":"text","text":"Both files say:"}]}],
                 "tools":[{"name":"read","description":"read a file","input_schema":{"type":"object"}}],
                 "stream":true}
                """);
        assertThat(Json.MAPPER.readTree(seen.body())).isEqualTo(expected);
    }

    @Test
    void brokenToolArgumentsAreSentAsRawTextInAValidRequest() throws Exception {
        streaming(START, messageDelta("end_turn", 1), STOP);
        drain(client.openStream(ChatRequest.of("claude-test", List.of(Message.user("go"),
                Message.assistant(List.of(new ContentBlock.ToolUse("t1", "x", "{\"a\": 1"))),
                Message.toolResult("t1", "arguments were not valid JSON", true))), WireListener.NONE));
        JsonNode sent = Json.MAPPER.readTree(server.requests().get(0).body());
        assertThat(sent.at("/messages/1/content/0/input/raw_arguments").asText()).isEqualTo("{\"a\": 1");
    }

    @Test
    void urlRuleDoesNotDoubleV1() throws Exception {
        server = LoopbackServer.start((request, exchange) -> exchange.json(404, "{}"));
        assertThat(client(server.uri()).uri().getPath()).isEqualTo("/v1/messages");
        assertThat(client(server.uri().resolve("/v1/")).uri().getPath()).isEqualTo("/v1/messages");
        assertThat(client(server.uri().resolve("/anthropic")).uri().getPath()).isEqualTo("/anthropic/v1/messages");
    }

    @Test
    void nonStreamingComplete() throws Exception {
        server = LoopbackServer.start((request, exchange) -> exchange.json(200, """
                {"id":"msg_2","type":"message","role":"assistant","model":"claude-test-x",
                 "content":[{"type":"thinking","thinking":"hmm","signature":"s"},{"type":"text","text":"Calling."},
                   {"type":"tool_use","id":"toolu_9","name":"ls","input":{"dir":"/tmp","all":true}}],
                 "stop_reason":"tool_use","usage":{"input_tokens":11,"output_tokens":6}}
                """));
        ChatResponse response = client(server.uri()).complete(hello(), WireListener.NONE);

        assertThat(Json.MAPPER.readTree(server.requests().get(0).body()).get("stream").asBoolean()).isFalse();
        assertThat(response.model()).isEqualTo("claude-test-x");
        assertThat(response.message().content()).containsExactly(new ContentBlock.Reasoning("hmm", "s"),
                new ContentBlock.Text("Calling."), new ContentBlock.ToolUse("toolu_9", "ls", "{\"dir\":\"/tmp\",\"all\":true}"));
        assertThat(response.finishReason()).isEqualTo(FinishReason.TOOL_USE);
        assertThat(response.usage()).isEqualTo(Usage.of(11, 6));
    }
}

package dev.hermes.provider.openai;

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
import dev.hermes.stream.StreamAssembler;
import dev.hermes.testing.LoopbackServer;
import dev.hermes.testing.RecordedRequest;
import dev.hermes.testing.RecordingListener;
import dev.hermes.testing.RotatingCredentials;
import dev.hermes.util.Json;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static dev.hermes.provider.Streams.assemble;
import static dev.hermes.provider.Streams.drain;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OpenAiChatClientTest {

    private LoopbackServer server;
    private OpenAiChatClient client;
    private final RotatingCredentials credentials = new RotatingCredentials();

    @AfterEach
    void tearDown() {
        if (client != null) client.close();
        if (server != null) server.close();
    }

    /** A server answering every request with these SSE data payloads, one TCP write each, then [DONE]. */
    private OpenAiChatClient streaming(String... payloads) {
        server = LoopbackServer.start((request, exchange) -> {
            exchange.startEventStream();
            for (String p : payloads) exchange.chunk("data: " + p + "\n\n");
            exchange.chunk("data: [DONE]\n\n");
            exchange.endChunks();
        });
        return client(AuthStyle.BEARER);
    }

    private OpenAiChatClient client(AuthStyle auth) {
        client = new OpenAiChatClient(new Endpoint("testai", server.uri().resolve("/v1"), WireApi.CHAT_COMPLETIONS,
                auth, Map.of("X-Title", "hermes-test"), Duration.ofSeconds(2)), credentials);
        return client;
    }

    private static ChatRequest hello() {
        return ChatRequest.of("gpt-test", List.of(Message.user("hi")));
    }

    private static String delta(String deltaJson) {
        return "{\"id\":\"chatcmpl-1\",\"model\":\"gpt-test-2\",\"choices\":[{\"index\":0,\"delta\":" + deltaJson
                + ",\"finish_reason\":null}]}";
    }

    private static String finish(String reason) {
        return "{\"id\":\"chatcmpl-1\",\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"" + reason + "\"}]}";
    }

    private static final String USAGE = "{\"id\":\"chatcmpl-1\",\"choices\":[],\"usage\":{\"prompt_tokens\":12,"
            + "\"completion_tokens\":7,\"prompt_tokens_details\":{\"cached_tokens\":4},"
            + "\"completion_tokens_details\":{\"reasoning_tokens\":3}}}";

    @Test
    void streamsTextUsageAndFinishIntoAResponse() throws Exception {
        streaming(delta("{\"role\":\"assistant\",\"content\":\"\"}"), delta("{\"content\":\"Hel\"}"),
                delta("{\"content\":\"lo, é 🎉\"}"), finish("stop"), USAGE);

        List<StreamEvent> events = drain(client.openStream(hello(), WireListener.NONE));
        StreamAssembler assembler = assemble(events);

        assertThat(events.get(0)).isEqualTo(new StreamEvent.Started("chatcmpl-1", "gpt-test-2"));
        assertThat(assembler.finished()).isTrue();
        ChatResponse response = assembler.response("testai");
        assertThat(response.text()).isEqualTo("Hello, é 🎉");
        assertThat(response.model()).isEqualTo("gpt-test-2");
        assertThat(response.finishReason()).isEqualTo(FinishReason.STOP);
        assertThat(response.usage()).isEqualTo(new Usage(12, 7, 4, 0, 3));
    }

    @Test
    void aChunkSplitOverDataLinesAndTinyWritesDecodesWhole() throws Exception {
        // one JSON chunk over two data: lines (joined with a newline, which JSON reads as space),
        // CRLF line ends, sent two bytes per TCP write so characters and escapes split across reads
        String body = "data: {\"id\":\"c\",\"choices\":[{\"delta\":\r\ndata: {\"content\":\"h\\u00e9 é🎉\"}}]}\r\n\r\n"
                + "data: " + finish("stop") + "\r\n\r\ndata: [DONE]\r\n\r\n";
        byte[] bytes = body.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        server = LoopbackServer.start((request, exchange) -> {
            exchange.startEventStream();
            for (int i = 0; i < bytes.length; i += 2) {
                exchange.chunk(java.util.Arrays.copyOfRange(bytes, i, Math.min(bytes.length, i + 2)));
            }
            exchange.endChunks();
        });
        List<StreamEvent> events = drain(client(AuthStyle.BEARER).openStream(hello(), WireListener.NONE));
        assertThat(events).containsExactly(new StreamEvent.Started("c", null), new StreamEvent.TextDelta("hé é🎉"),
                new StreamEvent.Finish(FinishReason.STOP, "stop"));
    }

    @Test
    void nextReturnsNullAfterDoneEvenIfTheServerSendsMore() throws Exception {
        server = LoopbackServer.start((request, exchange) -> {
            exchange.startEventStream();
            exchange.chunk("data: " + finish("stop") + "\n\ndata: [DONE]\n\ndata: " + delta("{\"content\":\"late\"}") + "\n\n");
            exchange.endChunks();
        });
        try (EventStream stream = client(AuthStyle.BEARER).openStream(hello(), WireListener.NONE)) {
            assertThat(stream.next()).isInstanceOf(StreamEvent.Started.class);
            assertThat(stream.next()).isInstanceOf(StreamEvent.Finish.class);
            assertThat(stream.next()).isNull();
            assertThat(stream.next()).isNull();
        }
    }

    @Test
    void reasoningContentAndReasoningFieldsBothBecomeReasoning() throws Exception {
        streaming(delta("{\"reasoning_content\":\"think \"}"), delta("{\"reasoning\":\"more\"}"),
                delta("{\"content\":\"answer\"}"), finish("stop"));

        ChatResponse response = assemble(drain(client.openStream(hello(), WireListener.NONE))).response("testai");

        assertThat(response.message().content()).containsExactly(
                new ContentBlock.Reasoning("think more", null), new ContentBlock.Text("answer"));
    }

    @Test
    void toolCallFragmentsAssembleIntoExactJsonIncludingSplitEscapes() throws Exception {
        // The arguments text is split inside a \" escape and inside a \\u escape.
        String args = "{\"path\": \"a \\\"b\\\".txt\", \"note\":\"\\u00e9\"}";
        String[] parts = {args.substring(0, 12), args.substring(12, 13), args.substring(13, 30), args.substring(30, 33),
                args.substring(33)};
        String[] payloads = new String[parts.length + 2];
        payloads[0] = delta("{\"tool_calls\":[{\"index\":0,\"id\":\"call_A\",\"type\":\"function\","
                + "\"function\":{\"name\":\"read_file\",\"arguments\":\"\"}}]}");
        for (int i = 0; i < parts.length; i++) {
            payloads[i + 1] = delta("{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":"
                    + Json.MAPPER.writeValueAsString(parts[i]) + "}}]}");
        }
        payloads[payloads.length - 1] = finish("tool_calls");
        streaming(payloads);

        ChatResponse response = assemble(drain(client.openStream(hello(), WireListener.NONE))).response("testai");

        assertThat(response.finishReason()).isEqualTo(FinishReason.TOOL_USE);
        assertThat(response.toolUses()).containsExactly(new ContentBlock.ToolUse("call_A", "read_file", args));
    }

    @Test
    void twoParallelToolCallsAreKeptApartByIndexAndEmptyArgumentsBecomeAnEmptyObject() throws Exception {
        streaming(
                delta("{\"tool_calls\":[{\"index\":0,\"id\":\"c0\",\"function\":{\"name\":\"ls\",\"arguments\":\"\"}},"
                        + "{\"index\":1,\"id\":\"c1\",\"function\":{\"name\":\"cat\",\"arguments\":\"{\\\"f\\\":\"}}]}"),
                delta("{\"tool_calls\":[{\"index\":1,\"function\":{\"arguments\":\"\\\"x\\\"}\"}}]}"),
                finish("tool_calls"));

        ChatResponse response = assemble(drain(client.openStream(hello(), WireListener.NONE))).response("testai");

        assertThat(response.toolUses()).containsExactly(
                new ContentBlock.ToolUse("c0", "ls", "{}"), new ContentBlock.ToolUse("c1", "cat", "{\"f\":\"x\"}"));
    }

    @ParameterizedTest
    @CsvSource({"stop,STOP", "length,LENGTH", "tool_calls,TOOL_USE", "function_call,TOOL_USE",
            "content_filter,CONTENT_FILTER", "weird,OTHER"})
    void finishReasonsMap(String raw, FinishReason expected) throws Exception {
        streaming(delta("{\"content\":\"x\"}"), finish(raw));
        ChatResponse response = assemble(drain(client.openStream(hello(), WireListener.NONE))).response("testai");
        assertThat(response.finishReason()).isEqualTo(expected);
        assertThat(response.rawFinishReason()).isEqualTo(raw);
    }

    @Test
    void commentsAndEmptyChunksAreKeepAlivesNotContent() throws Exception {
        server = LoopbackServer.start((request, exchange) -> {
            exchange.startEventStream();
            exchange.chunk(": OPENROUTER PROCESSING\n\n");
            exchange.chunk("data: {\"choices\":[]}\n\n");
            exchange.chunk("data: " + finish("stop") + "\n\ndata: [DONE]\n\n");
            exchange.endChunks();
        });
        List<StreamEvent> events = drain(client(AuthStyle.BEARER).openStream(hello(), WireListener.NONE));
        assertThat(events).startsWith(new StreamEvent.KeepAlive("comment"), new StreamEvent.KeepAlive("empty-chunk"));
        assertThat(events.stream().filter(StreamEvent::isContent)).isEmpty();
    }

    @Test
    void bodyEndingWithoutFinishLeavesTheAssemblerUnfinished() throws Exception {
        server = LoopbackServer.start((request, exchange) -> {
            exchange.startEventStream();
            exchange.chunk("data: " + delta("{\"content\":\"partial ans\"}") + "\n\n");
            exchange.endChunks();
        });
        StreamAssembler assembler = assemble(drain(client(AuthStyle.BEARER).openStream(hello(), WireListener.NONE)));
        assertThat(assembler.finished()).isFalse();
        assertThat(assembler.partial().text()).isEqualTo("partial ans");
        assertThatThrownBy(() -> assembler.response("testai")).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void errorObjectInsideA200StreamBecomesAnErrorEventAndEndsTheStream() throws Exception {
        streaming(delta("{\"content\":\"so far\"}"),
                "{\"error\":{\"message\":\"Upstream overloaded\",\"type\":\"server_error\",\"code\":502}}",
                delta("{\"content\":\"never seen\"}"));
        List<StreamEvent> events = drain(client.openStream(hello(), WireListener.NONE));
        StreamEvent last = events.get(events.size() - 1);
        assertThat(last).isInstanceOf(StreamEvent.Error.class);
        var error = ((StreamEvent.Error) last).error();
        assertThat(error.httpStatus()).isZero();
        assertThat(error.code()).isEqualTo("502");
        assertThat(error.message()).isEqualTo("Upstream overloaded");
        assertThat(assemble(events).finished()).isFalse();
    }

    @Test
    void errorEventTypeBecomesAnErrorEvent() throws Exception {
        server = LoopbackServer.start((request, exchange) -> {
            exchange.startEventStream();
            exchange.chunk("event: error\ndata: {\"message\":\"quota gone\"}\n\n");
            exchange.endChunks();
        });
        List<StreamEvent> events = drain(client(AuthStyle.BEARER).openStream(hello(), WireListener.NONE));
        assertThat(events).hasSize(1);
        assertThat(((StreamEvent.Error) events.get(0)).error().message()).isEqualTo("quota gone");
    }

    @Test
    void miniMaxSensitiveOutputInStreamBecomesAnErrorWithItsCode() throws Exception {
        streaming(delta("{\"content\":\"The answer\"}"),
                "{\"id\":\"x\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"\"},\"finish_reason\":\"stop\"}],"
                        + "\"base_resp\":{\"status_code\":1027,\"status_msg\":\"output new_sensitive\"}}");
        List<StreamEvent> events = drain(client.openStream(hello(), WireListener.NONE));
        var error = ((StreamEvent.Error) events.get(events.size() - 1)).error();
        assertThat(error.code()).isEqualTo("1027");
        assertThat(error.message()).isEqualTo("output new_sensitive");
        assertThat(assemble(events).finished()).isFalse();
    }

    @Test
    void miniMaxZeroStatusIsNotAnError() throws Exception {
        streaming("{\"id\":\"x\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"ok\"},\"finish_reason\":\"stop\"}],"
                + "\"base_resp\":{\"status_code\":0,\"status_msg\":\"\"}}");
        assertThat(assemble(drain(client.openStream(hello(), WireListener.NONE))).response("m").text()).isEqualTo("ok");
    }

    @Test
    void malformedJsonChunkIsAMalformedStreamExceptionWithAnExcerpt() throws Exception {
        streaming(delta("{\"content\":\"a\"}"), "{\"choices\":[{\"delta\":{\"content\":\"b\"");
        try (EventStream stream = client.openStream(hello(), WireListener.NONE)) {
            stream.next();
            stream.next();
            assertThatThrownBy(stream::next)
                    .isInstanceOf(MalformedStreamException.class)
                    .satisfies(e -> assertThat(((MalformedStreamException) e).excerpt()).startsWith("{\"choices\":[{\"delta\""));
        }
    }

    @Test
    void requestJsonHasTheChatCompletionsShape() throws Exception {
        streaming(finish("stop"));
        ChatRequest request = new ChatRequest("gpt-test", List.of(
                Message.system("be brief"),
                Message.user("list files"),
                Message.assistant(List.of(new ContentBlock.Reasoning("hidden", "sig"),
                        new ContentBlock.ToolUse("call_1", "ls", "{\"dir\":\".\"}"))),
                Message.toolResult("call_1", "a.txt", false),
                Message.assistant("Files: ")),
                List.of(new ToolDefinition("ls", "list a directory", "{\"type\":\"object\",\"properties\":{\"dir\":{\"type\":\"string\"}}}")),
                256, 0.5);
        drain(client.openStream(request, WireListener.NONE));

        RecordedRequest seen = server.requests().get(0);
        assertThat(seen.method()).isEqualTo("POST");
        assertThat(seen.path()).isEqualTo("/v1/chat/completions");
        JsonNode expected = Json.MAPPER.readTree("""
                {"model":"gpt-test","messages":[
                  {"role":"system","content":"be brief"},
                  {"role":"user","content":"list files"},
                  {"role":"assistant","content":null,"tool_calls":[{"id":"call_1","type":"function",
                    "function":{"name":"ls","arguments":"{\\"dir\\":\\".\\"}"}}]},
                  {"role":"tool","tool_call_id":"call_1","content":"a.txt"},
                  {"role":"assistant","content":"Files: "}],
                 "tools":[{"type":"function","function":{"name":"ls","description":"list a directory",
                    "parameters":{"type":"object","properties":{"dir":{"type":"string"}}}}}],
                 "max_tokens":256,"temperature":0.5,"stream":true,"stream_options":{"include_usage":true}}
                """);
        assertThat(Json.MAPPER.readTree(seen.body())).isEqualTo(expected);
        assertThat(seen.header("content-type")).isEqualTo("application/json");
        assertThat(seen.header("x-title")).isEqualTo("hermes-test");
    }

    @Test
    void nonStreamingCompleteParsesMessageToolCallsAndUsage() throws Exception {
        server = LoopbackServer.start((request, exchange) -> exchange.json(200, """
                {"id":"chatcmpl-9","model":"gpt-test-3","choices":[{"index":0,"message":{"role":"assistant",
                  "content":"Let me look.","reasoning_content":"user wants files",
                  "tool_calls":[{"id":"call_Z","type":"function","function":{"name":"ls","arguments":"{\\"dir\\": \\"/tmp\\"}"}}]},
                  "finish_reason":"tool_calls"}],
                 "usage":{"prompt_tokens":30,"completion_tokens":9}}
                """));
        ChatResponse response = client(AuthStyle.BEARER).complete(hello(), WireListener.NONE);

        assertThat(Json.MAPPER.readTree(server.requests().get(0).body()).get("stream").asBoolean()).isFalse();
        assertThat(Json.MAPPER.readTree(server.requests().get(0).body()).has("stream_options")).isFalse();
        assertThat(response.provider()).isEqualTo("testai");
        assertThat(response.model()).isEqualTo("gpt-test-3");
        assertThat(response.message().content()).containsExactly(
                new ContentBlock.Reasoning("user wants files", null),
                new ContentBlock.Text("Let me look."),
                new ContentBlock.ToolUse("call_Z", "ls", "{\"dir\": \"/tmp\"}"));
        assertThat(response.finishReason()).isEqualTo(FinishReason.TOOL_USE);
        assertThat(response.usage()).isEqualTo(Usage.of(30, 9));
    }

    @Test
    void nonStreamingErrorInsideA200BodyIsAModelCallException() {
        server = LoopbackServer.start((request, exchange) -> exchange.json(200,
                "{\"choices\":[],\"base_resp\":{\"status_code\":1026,\"status_msg\":\"input new_sensitive\"}}"));
        assertThatThrownBy(() -> client(AuthStyle.BEARER).complete(hello(), WireListener.NONE))
                .isInstanceOfSatisfying(dev.hermes.provider.ModelCallException.class, e -> {
                    assertThat(e.apiError().code()).isEqualTo("1026");
                    assertThat(e.apiError().message()).isEqualTo("input new_sensitive");
                });
    }

    @Test
    void listenerSeesStartHeadersAndBytes() throws Exception {
        streaming(delta("{\"content\":\"x\"}"), finish("stop"));
        RecordingListener listener = new RecordingListener();
        drain(client.openStream(hello(), listener));
        assertThat(listener.events).containsExactly("requestStarted", "headersReceived 200");
        assertThat(listener.bytes.get()).isGreaterThan(50);
    }
}

package dev.hermes.sim;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hermes.provider.WireApi;
import dev.hermes.util.Json;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.net.http.HttpResponse;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class SimHealthyTest {

    private SimServer sim;

    @BeforeEach
    void start() throws Exception {
        sim = SimServer.start();
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    @Test
    void chatCompletionsStreamCarriesTheCanonicalAnswerThenUsageThenDone() throws Exception {
        HttpResponse<String> r = Wire.send(sim.port(), WireApi.CHAT_COMPLETIONS,
                Wire.body(WireApi.CHAT_COMPLETIONS, "healthy", true, "user", "What is up?"));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("content-type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/event-stream"));
        List<Wire.Event> ev = Wire.events(r.body());
        assertThat(Wire.text(WireApi.CHAT_COMPLETIONS, ev)).isEqualTo(SimServer.canonicalAnswer("healthy", "What is up?"));
        assertThat(ev.getLast().data()).isEqualTo("[DONE]");
        JsonNode usage = ev.get(ev.size() - 2).json();
        assertThat(usage.path("choices")).isEmpty();
        assertThat(usage.path("usage").path("completion_tokens").asInt()).isEqualTo(40);
        assertThat(ev.get(ev.size() - 3).json().path("choices").path(0).path("finish_reason").asText()).isEqualTo("stop");
        // 40 words in chunks of 3 words
        assertThat(Wire.contentChunks(WireApi.CHAT_COMPLETIONS, ev)).isEqualTo(14);
    }

    @Test
    void anthropicStreamHasTheFullEventSequence() throws Exception {
        HttpResponse<String> r = Wire.send(sim.port(), WireApi.ANTHROPIC_MESSAGES,
                Wire.body(WireApi.ANTHROPIC_MESSAGES, "healthy:words=7", true, "user", "hi"));
        List<Wire.Event> ev = Wire.events(r.body());
        assertThat(ev).extracting(Wire.Event::name).containsExactly("message_start", "ping", "content_block_start",
                "content_block_delta", "content_block_delta", "content_block_delta", "content_block_stop",
                "message_delta", "message_stop");
        assertThat(Wire.text(WireApi.ANTHROPIC_MESSAGES, ev)).isEqualTo(SimServer.canonicalAnswer(7, "hi"));
        assertThat(ev.get(7).json().path("delta").path("stop_reason").asText()).isEqualTo("end_turn");
    }

    @ParameterizedTest
    @EnumSource(WireApi.class)
    void nonStreamingAnswersWithTheWholeText(WireApi wire) throws Exception {
        HttpResponse<String> r = Wire.send(sim.port(), wire, Wire.body(wire, "healthy", false, "user", "Q"));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(Wire.wholeText(wire, r.body())).isEqualTo(SimServer.canonicalAnswer("healthy", "Q"));
    }

    @Test
    void chatCompletionsStreamBytesAreExact() throws Exception {
        try (RawExchange x = RawExchange.post(sim.port(), "/v1/chat/completions",
                Wire.body(WireApi.CHAT_COMPLETIONS, "healthy:words=4,chunk_words=2", true, "user", "Hello"))) {
            assertThat(x.readHead()).isTrue();
            assertThat(x.headers).containsEntry("transfer-encoding", "chunked").doesNotContainKey("connection");
            RawExchange.Body b = x.readBody();
            assertThat(b.ending()).isEqualTo(RawExchange.Ending.COMPLETE);
            String answer = SimServer.canonicalAnswer(4, "Hello");
            int cut = answer.indexOf(' ', answer.indexOf(' ') + 1);
            String head = "{\"id\":\"chatcmpl-sim-1\",\"object\":\"chat.completion.chunk\",\"created\":1767225600,"
                    + "\"model\":\"healthy:words=4,chunk_words=2\",\"choices\":";
            assertThat(b.text()).isEqualTo(
                    "data: " + head + "[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"},\"finish_reason\":null}]}\n\n"
                            + "data: " + head + "[{\"index\":0,\"delta\":{\"content\":\"" + answer.substring(0, cut) + "\"},\"finish_reason\":null}]}\n\n"
                            + "data: " + head + "[{\"index\":0,\"delta\":{\"content\":\"" + answer.substring(cut) + "\"},\"finish_reason\":null}]}\n\n"
                            + "data: " + head + "[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}\n\n"
                            + "data: {\"id\":\"chatcmpl-sim-1\",\"object\":\"chat.completion.chunk\",\"created\":1767225600,"
                            + "\"model\":\"healthy:words=4,chunk_words=2\",\"choices\":[],"
                            + "\"usage\":{\"prompt_tokens\":" + inputTokens(sim) + ",\"completion_tokens\":4,\"total_tokens\":"
                            + (inputTokens(sim) + 4) + "}}\n\n"
                            + "data: [DONE]\n\n");
        }
    }

    private static int inputTokens(SimServer sim) {
        return Wire.body(WireApi.CHAT_COMPLETIONS, "healthy:words=4,chunk_words=2", true, "user", "Hello").length() / 4;
    }

    @ParameterizedTest
    @EnumSource(WireApi.class)
    void prefillThatIsAPrefixIsContinuedExactly(WireApi wire) throws Exception {
        String canonical = SimServer.canonicalAnswer("healthy", "Tell me");
        String prefill = canonical.substring(0, 57);
        HttpResponse<String> r = Wire.send(sim.port(), wire,
                Wire.body(wire, "healthy", true, "user", "Tell me", "assistant", prefill));
        String delivered = Wire.text(wire, Wire.events(r.body()));
        assertThat(delivered).isNotEmpty();
        assertThat(prefill + delivered).isEqualTo(canonical);
        assertThat(sim.attempts().getFirst().prefill()).isTrue();
    }

    @Test
    void prefillThatIsNotAPrefixGetsTheWholeAnswer() throws Exception {
        HttpResponse<String> r = Wire.send(sim.port(), WireApi.CHAT_COMPLETIONS, Wire.body(WireApi.CHAT_COMPLETIONS,
                "healthy", false, "user", "Tell me", "assistant", "Something else"));
        assertThat(Wire.wholeText(WireApi.CHAT_COMPLETIONS, r.body()))
                .isEqualTo(SimServer.canonicalAnswer("healthy", "Tell me"));
    }

    @Test
    void canonicalAnswerIsDeterministicAndDependsOnWordsAndQuestion() {
        String a = SimServer.canonicalAnswer("healthy", "question one");
        assertThat(SimServer.canonicalAnswer("stall:after=2", "question one")).isEqualTo(a);
        assertThat(a).endsWith(".").matches("[A-Z].*");
        assertThat(a.split(" ")).hasSize(40);
        assertThat(SimServer.canonicalAnswer("healthy:words=5", "question one").split(" ")).hasSize(5);
        assertThat(SimServer.canonicalAnswer("healthy", "question two")).isNotEqualTo(a);
    }

    @Test
    void expectContinueIsAnswered() throws Exception {
        try (RawExchange x = RawExchange.post(sim.port(), "/v1/messages",
                Wire.body(WireApi.ANTHROPIC_MESSAGES, "healthy", false, "user", "q"), "Expect: 100-continue")) {
            assertThat(x.readHead()).isTrue();
            assertThat(x.status).isEqualTo(100);
            assertThat(x.readHead()).isTrue();
            assertThat(x.status).isEqualTo(200);
        }
    }

    @Test
    void modelsListsTheFaults() throws Exception {
        HttpResponse<String> r = Wire.get(sim.port(), "/v1/models");
        JsonNode data = Json.MAPPER.readTree(r.body()).path("data");
        assertThat(data.findValuesAsText("id")).contains("healthy", "cut", "content-filter-tool", "down");
    }
}

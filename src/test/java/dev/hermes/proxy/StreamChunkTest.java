package dev.hermes.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hermes.server.SseStream;
import dev.hermes.util.Json;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The streamed chunks, written without a tree per delta, are the JSON the SDKs parse, whatever the text holds. */
class StreamChunkTest {

    private static final List<String> TEXTS = List.of("plain", "a \"quote\" and a \\ backslash", "line\nbreak\ttab\r",
            "\u0001\u001f control", "caf\u00e9 \ud83d\ude00 </script>", "");

    /** Collects the events written, name and data. */
    private static final class Events implements SseStream {
        final List<String> names = new ArrayList<>();
        final List<String> data = new ArrayList<>();

        @Override
        public void event(String id, String name, String d) {
            names.add(name);
            data.add(d);
        }

        @Override
        public void comment(String text) {
        }
    }

    @Test
    void everyOpenAiDeltaChunkCarriesItsTextExactlyAndTheStreamsHead() throws Exception {
        Events sse = new Events();
        List<String> data = sse.data;
        String model = "gpt-\"quoted\"\\model";
        var writer = OpenAiWire.INSTANCE.stream(sse, "chatcmpl-1", model, false);
        List<String> texts = TEXTS;
        for (String t : texts) writer.text(t);
        writer.reasoning("thinking \"hard\"");

        assertThat(data).hasSize(texts.size() + 2);
        for (int i = 0; i <= texts.size(); i++) {
            JsonNode chunk = Json.MAPPER.readTree(data.get(i + 1));
            assertThat(chunk.path("id").asText()).isEqualTo("chatcmpl-1");
            assertThat(chunk.path("object").asText()).isEqualTo("chat.completion.chunk");
            assertThat(chunk.path("model").asText()).isEqualTo(model);
            assertThat(chunk.path("created").canConvertToLong()).isTrue();
            JsonNode choice = chunk.path("choices").get(0);
            assertThat(choice.path("index").asInt(-1)).isZero();
            assertThat(choice.has("finish_reason")).isTrue();
            assertThat(choice.get("finish_reason").isNull()).isTrue();
            if (i < texts.size()) {
                assertThat(choice.path("delta").path("content").asText()).isEqualTo(texts.get(i));
            } else {
                assertThat(choice.path("delta").path("reasoning_content").asText()).isEqualTo("thinking \"hard\"");
            }
        }
    }

    @Test
    void everyAnthropicDeltaEventCarriesItsTextExactlyAndItsBlockIndex() throws Exception {
        Events sse = new Events();
        var writer = AnthropicWire.INSTANCE.stream(sse, "msg_1", "claude", false);
        writer.reasoning("thinking \"hard\"\n");
        for (String t : TEXTS) writer.text(t);
        List<JsonNode> deltas = new ArrayList<>();
        for (int i = 0; i < sse.data.size(); i++) {
            if ("content_block_delta".equals(sse.names.get(i))) deltas.add(Json.MAPPER.readTree(sse.data.get(i)));
        }
        assertThat(deltas).hasSize(TEXTS.size() + 1);
        assertThat(deltas.getFirst().path("type").asText()).isEqualTo("content_block_delta");
        assertThat(deltas.getFirst().path("index").asInt(-1)).isZero();
        assertThat(deltas.getFirst().path("delta").path("type").asText()).isEqualTo("thinking_delta");
        assertThat(deltas.getFirst().path("delta").path("thinking").asText()).isEqualTo("thinking \"hard\"\n");
        for (int i = 0; i < TEXTS.size(); i++) {
            JsonNode d = deltas.get(i + 1);
            assertThat(d.path("index").asInt(-1)).isEqualTo(1);
            assertThat(d.path("delta").path("type").asText()).isEqualTo("text_delta");
            assertThat(d.path("delta").path("text").asText()).isEqualTo(TEXTS.get(i));
        }
    }
}

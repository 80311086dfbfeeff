package dev.hermes.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hermes.server.SseStream;
import dev.hermes.util.Json;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The streamed chunks, written without a tree per delta, are the JSON the SDKs parse, whatever the text holds. */
class OpenAiWireTest {

    @Test
    void everyDeltaChunkCarriesItsTextExactlyAndTheStreamsHead() throws Exception {
        List<String> data = new ArrayList<>();
        SseStream sse = new SseStream() {
            @Override
            public void event(String id, String name, String d) {
                data.add(d);
            }

            @Override
            public void comment(String text) {
            }
        };
        String model = "gpt-\"quoted\"\\model";
        var writer = OpenAiWire.INSTANCE.stream(sse, "chatcmpl-1", model, false);
        List<String> texts = List.of("plain", "a \"quote\" and a \\ backslash", "line\nbreak\ttab\r", "\u0001\u001f control",
                "caf\u00e9 \ud83d\ude00 </script>", "");
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
}

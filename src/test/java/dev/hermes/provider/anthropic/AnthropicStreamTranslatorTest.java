package dev.hermes.provider.anthropic;

import dev.hermes.llm.FinishReason;
import dev.hermes.llm.StreamEvent;
import dev.hermes.llm.Usage;
import dev.hermes.stream.MalformedStreamException;
import dev.hermes.stream.SseItem;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The Messages event decoder (a streaming parser, no tree) on odd but valid and on broken events. */
class AnthropicStreamTranslatorTest {

    private final AnthropicStreamTranslator translator = new AnthropicStreamTranslator();

    private List<StreamEvent> translate(String event, String data) throws MalformedStreamException {
        return translator.translate(new SseItem.Event(event, data, null));
    }

    @Test
    void aWholeStreamWithThinkingTextAndAToolCall() throws Exception {
        List<StreamEvent> events = new ArrayList<>();
        events.addAll(translate("message_start", "{\"type\":\"message_start\",\"message\":{\"id\":\"msg_1\",\"model\":\"claude\","
                + "\"content\":[],\"usage\":{\"input_tokens\":10,\"cache_read_input_tokens\":5,\"output_tokens\":1}}}"));
        events.addAll(translate("content_block_start", "{\"type\":\"content_block_start\",\"index\":0,"
                + "\"content_block\":{\"type\":\"thinking\",\"thinking\":\"\"}}"));
        events.addAll(translate("content_block_delta", "{\"type\":\"content_block_delta\",\"index\":0,"
                + "\"delta\":{\"type\":\"thinking_delta\",\"thinking\":\"hmm\"}}"));
        events.addAll(translate("content_block_delta", "{\"index\":0,\"delta\":{\"signature\":\"sig\",\"type\":\"signature_delta\"},"
                + "\"type\":\"content_block_delta\"}"));
        events.addAll(translate("content_block_delta", "{\"type\":\"content_block_delta\",\"index\":1,"
                + "\"delta\":{\"type\":\"text_delta\",\"text\":\"caf\\u00e9 \\ud83d\\ude00\"}}"));
        events.addAll(translate("content_block_start", "{\"type\":\"content_block_start\",\"index\":2,"
                + "\"content_block\":{\"type\":\"tool_use\",\"id\":\"tu_1\",\"name\":\"read\",\"input\":{}}}"));
        events.addAll(translate("content_block_delta", "{\"type\":\"content_block_delta\",\"index\":2,"
                + "\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":\"{\\\"a\\\":1}\"}}"));
        events.addAll(translate("ping", "{\"type\": \"ping\"}"));
        events.addAll(translate("message_delta", "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"tool_use\","
                + "\"stop_sequence\":null},\"usage\":{\"output_tokens\":\"7\"}}"));
        events.addAll(translate("message_stop", "{\"type\":\"message_stop\"}"));
        assertThat(events).containsExactly(new StreamEvent.Started("msg_1", "claude"),
                new StreamEvent.UsageUpdate(new Usage(10, 1, 5, 0, 0)),
                new StreamEvent.ReasoningDelta("hmm", null), new StreamEvent.ReasoningDelta("", "sig"),
                new StreamEvent.TextDelta("café 😀"), new StreamEvent.ToolCallDelta(0, "tu_1", "read", ""),
                new StreamEvent.ToolCallDelta(0, null, null, "{\"a\":1}"), new StreamEvent.KeepAlive("ping"),
                new StreamEvent.Finish(FinishReason.TOOL_USE, "tool_use"), new StreamEvent.UsageUpdate(new Usage(0, 7, 0, 0, 0)));
        assertThat(translator.ended()).isTrue();
    }

    @Test
    void unknownFieldsTypesAndNullsAreKeptAliveOrSkipped() throws Exception {
        assertThat(translate("content_block_delta", "{\"type\":\"content_block_delta\",\"extra\":[{\"delta\":1}],"
                + "\"delta\":{\"type\":\"citations_delta\",\"citation\":{\"text\":\"x\"}}}"))
                .containsExactly(new StreamEvent.KeepAlive("content_block_delta:citations_delta"));
        assertThat(translate("content_block_delta", "{\"type\":\"content_block_delta\",\"delta\":{\"type\":\"text_delta\",\"text\":null}}"))
                .containsExactly(new StreamEvent.TextDelta(""));
        // no "type" in the payload: the SSE event name stands in
        assertThat(translate("brand_new_event", "{\"something\":true}")).containsExactly(new StreamEvent.KeepAlive("brand_new_event"));
    }

    @Test
    void errorsStillBecomeErrorEvents() throws Exception {
        assertThat(translate("error", "{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}"))
                .singleElement().isInstanceOfSatisfying(StreamEvent.Error.class,
                        e -> assertThat(e.error().message()).isEqualTo("Overloaded"));
        // an error object late in an otherwise ordinary-looking event
        assertThat(translate("content_block_delta", "{\"type\":\"content_block_delta\",\"delta\":{\"type\":\"text_delta\","
                + "\"text\":\"x\"},\"error\":{\"message\":\"late\"}}")).singleElement().isInstanceOf(StreamEvent.Error.class);
    }

    @Test
    void brokenEventsAreClassified() {
        assertThatThrownBy(() -> translate("content_block_delta", "{\"type\":\"content_block_delta\",\"delta\":{\"type\":\"te"))
                .isInstanceOf(MalformedStreamException.class).hasMessageContaining("not valid JSON");
        assertThatThrownBy(() -> translate("content_block_delta", "{\"type\":\"content_block_delta\",\"index\":4,"
                + "\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":\"{\"}}"))
                .isInstanceOfSatisfying(MalformedStreamException.class,
                        e -> assertThat(e.excerpt()).contains("input_json_delta"))
                .hasMessageContaining("content block 4, which is not a tool_use block");
    }
}

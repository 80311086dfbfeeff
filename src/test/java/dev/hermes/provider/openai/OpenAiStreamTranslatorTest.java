package dev.hermes.provider.openai;

import dev.hermes.llm.FinishReason;
import dev.hermes.llm.StreamEvent;
import dev.hermes.llm.Usage;
import dev.hermes.stream.MalformedStreamException;
import dev.hermes.stream.SseItem;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The chat-completions chunk decoder (a streaming parser, no tree) on odd but valid and on broken chunks. */
class OpenAiStreamTranslatorTest {

    private static List<StreamEvent> translate(String data) throws MalformedStreamException {
        return new OpenAiStreamTranslator().translate(new SseItem.Event("message", data, null));
    }

    @Test
    void everyFieldOfAChunkIsDecodedInOrder() throws Exception {
        String chunk = "{\"id\":\"c1\",\"model\":\"m\",\"choices\":[{\"index\":0,\"delta\":{\"reasoning_content\":\"think\","
                + "\"content\":\"hi\",\"tool_calls\":[{\"index\":1,\"id\":\"t1\",\"function\":{\"name\":\"read\",\"arguments\":\"{}\"}}]},"
                + "\"finish_reason\":\"tool_calls\"}],\"usage\":{\"prompt_tokens\":12,\"completion_tokens\":3,"
                + "\"prompt_tokens_details\":{\"cached_tokens\":4},\"completion_tokens_details\":{\"reasoning_tokens\":2}}}";
        assertThat(translate(chunk)).containsExactly(new StreamEvent.Started("c1", "m"),
                new StreamEvent.ReasoningDelta("think", null), new StreamEvent.TextDelta("hi"),
                new StreamEvent.ToolCallDelta(1, "t1", "read", "{}"),
                new StreamEvent.Finish(FinishReason.TOOL_USE, "tool_calls"),
                new StreamEvent.UsageUpdate(new Usage(12, 3, 4, 0, 2)));
    }

    @Test
    void unknownFieldsNullsAndEscapesAreReadAsATreeReadsThem() throws Exception {
        String chunk = "{\"object\":\"chat.completion.chunk\",\"extra\":{\"deep\":[1,{\"content\":\"no\"}]},\"id\":null,"
                + "\"choices\":[{\"delta\":{\"role\":\"assistant\",\"content\":\"caf\\u00e9 \\ud83d\\ude00 \\\"q\\\"\\n\","
                + "\"reasoning\":null,\"tool_calls\":null},\"finish_reason\":null,\"logprobs\":{\"content\":[]}},"
                + "{\"delta\":{\"content\":\"second choice, ignored\"}}],\"usage\":null}";
        assertThat(translate(chunk)).containsExactly(new StreamEvent.TextDelta("café 😀 \"q\"\n"));
    }

    @Test
    void oddTypesReadLikeJsonNodeAccessors() throws Exception {
        // index as a numeric string, no index at all (position), content of another type (absent),
        // token counts as strings and floats, a repeated field (the last one counts)
        String chunk = "{\"choices\":[{\"delta\":{\"content\":42,\"tool_calls\":[{\"index\":\"3\",\"function\":{\"arguments\":\"a\"}},"
                + "{\"function\":{\"name\":\"n\"}},7]}}],\"usage\":{\"prompt_tokens\":\"12\",\"completion_tokens\":2.9},"
                + "\"id\":\"first\",\"id\":\"last\"}";
        assertThat(translate(chunk)).containsExactly(new StreamEvent.Started("last", null),
                new StreamEvent.ToolCallDelta(3, null, null, "a"), new StreamEvent.ToolCallDelta(1, null, "n", null),
                new StreamEvent.ToolCallDelta(2, null, null, null), new StreamEvent.UsageUpdate(new Usage(12, 2, 0, 0, 0)));
    }

    @Test
    void aChunkCarryingNothingIsAKeepAlive() throws Exception {
        assertThat(translate("{\"choices\":[{\"delta\":{\"content\":\"\"}}]}"))
                .containsExactly(new StreamEvent.KeepAlive("empty-chunk"));
    }

    @Test
    void errorObjectsStillBecomeErrorEventsAndHarmlessErrorKeysDoNot() throws Exception {
        assertThat(translate("{\"choices\":[],\"error\":{\"message\":\"overloaded\",\"code\":529}}"))
                .singleElement().isInstanceOfSatisfying(StreamEvent.Error.class,
                        e -> assertThat(e.error().message()).isEqualTo("overloaded"));
        assertThat(translate("{\"base_resp\":{\"status_code\":1002,\"status_msg\":\"rate limit\"}}"))
                .singleElement().isInstanceOf(StreamEvent.Error.class);
        // MiniMax's success marker and an "error": false sit in ordinary chunks
        assertThat(translate("{\"base_resp\":{\"status_code\":0},\"error\":false,\"choices\":[{\"delta\":{\"content\":\"ok\"}}]}"))
                .containsExactly(new StreamEvent.TextDelta("ok"));
    }

    @Test
    void brokenPayloadsAreClassifiedAsBeforeWithAnExcerpt() {
        assertThatThrownBy(() -> translate("{\"choices\":[{\"delta\":{\"content\":\"cut her"))
                .isInstanceOfSatisfying(MalformedStreamException.class, e -> {
                    assertThat(e).hasMessageContaining("not valid JSON");
                    assertThat(e.excerpt()).startsWith("{\"choices\"");
                });
        assertThatThrownBy(() -> translate("[1,2]")).isInstanceOf(MalformedStreamException.class)
                .hasMessageContaining("not a JSON object");
        assertThatThrownBy(() -> translate("\"text\"")).isInstanceOf(MalformedStreamException.class)
                .hasMessageContaining("not a JSON object");
    }

    /** Decoding does not depend on field order, whitespace, or fields it does not know. */
    @Property(tries = 300)
    void orderWhitespaceAndUnknownFieldsDoNotChangeTheEvents(@ForAll("chunks") String[] fields, @ForAll long seed)
            throws Exception {
        String canonical = "{" + String.join(",", fields) + "}";
        List<String> shuffled = new ArrayList<>(List.of(fields));
        Random random = new Random(seed);
        Collections.shuffle(shuffled, random);
        shuffled.add(random.nextInt(shuffled.size() + 1), "\"x_unknown\":{\"content\":\"not me\",\"a\":[null,true,{}]}");
        String ws = List.of(" ", "\n", "\t ", "").get(random.nextInt(4));
        String varied = "{" + ws + String.join("," + ws, shuffled) + ws + "}";
        assertThat(translate(varied)).isEqualTo(translate(canonical));
    }

    @Provide
    Arbitrary<String[]> chunks() {
        Arbitrary<String> text = Arbitraries.strings().withCharRange(' ', '~').withChars('é', 'ж')
                .ofMaxLength(12).map(s -> s.replace("\\", "").replace("\"", ""));
        return text.list().ofSize(3).map(t -> new String[]{
                "\"id\":\"" + t.get(0) + "\"",
                "\"choices\":[{\"delta\":{\"content\":\"" + t.get(1) + "\",\"reasoning_content\":\"" + t.get(2)
                        + "\"},\"finish_reason\":\"stop\"}]",
                "\"usage\":{\"prompt_tokens\":" + t.get(0).length() + ",\"completion_tokens\":" + t.get(1).length() + "}"});
    }
}

package dev.hermes.stream;

import dev.hermes.llm.ApiError;
import dev.hermes.llm.ContentBlock;
import dev.hermes.llm.FinishReason;
import dev.hermes.llm.StreamEvent;
import dev.hermes.llm.Usage;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The assembler on its own; the client tests cover it fed by real streams. */
class StreamAssemblerTest {

    private static StreamAssembler feed(StreamEvent... events) {
        StreamAssembler a = new StreamAssembler();
        for (StreamEvent e : events) a.accept(e);
        return a;
    }

    @Test
    void responseIsRefusedUntilAFinishArrives() {
        StreamAssembler a = feed(new StreamEvent.TextDelta("half"));
        assertThat(a.finished()).isFalse();
        assertThatThrownBy(() -> a.response("p")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no terminal event");
        a.accept(new StreamEvent.Finish(FinishReason.STOP, "stop"));
        assertThat(a.response("p").text()).isEqualTo("half");
    }

    @Test
    void anInStreamErrorMeansNotFinishedEvenAfterAFinish() {
        StreamAssembler a = feed(new StreamEvent.Finish(FinishReason.STOP, "stop"),
                new StreamEvent.Error(new ApiError(0, null, "1027", "output new_sensitive", null, "")));
        assertThat(a.finished()).isFalse();
        assertThat(a.error().code()).isEqualTo("1027");
        assertThatThrownBy(() -> a.response("p")).hasMessageContaining("1027");
    }

    @Test
    void reasoningAfterASignatureStartsANewBlock() {
        StreamAssembler a = feed(new StreamEvent.ReasoningDelta("one", null), new StreamEvent.ReasoningDelta("", "s1"),
                new StreamEvent.ReasoningDelta("two", null), new StreamEvent.ReasoningDelta("", "s2"),
                new StreamEvent.Finish(FinishReason.STOP, "end_turn"));
        assertThat(a.response("p").message().content()).containsExactly(
                new ContentBlock.Reasoning("one", "s1"), new ContentBlock.Reasoning("two", "s2"));
    }

    @Test
    void usageIsFoldedAndTheLastStartedWins() {
        StreamAssembler a = feed(new StreamEvent.Started("r1", "m1"), new StreamEvent.UsageUpdate(new Usage(10, 1, 3, 0, 0)),
                new StreamEvent.Started(null, "m2"), new StreamEvent.UsageUpdate(Usage.of(0, 42)),
                new StreamEvent.Finish(FinishReason.LENGTH, "length"));
        var r = a.response("p", "requested");
        assertThat(r.model()).isEqualTo("m2");
        assertThat(a.responseId()).isEqualTo("r1");
        assertThat(r.usage()).isEqualTo(new Usage(10, 42, 3, 0, 0));
        assertThat(r.finishReason()).isEqualTo(FinishReason.LENGTH);
    }

    @Test
    void fallbackModelIsUsedWhenTheStreamNamedNone() {
        assertThat(feed(new StreamEvent.Finish(FinishReason.STOP, "stop")).response("p", "asked").model()).isEqualTo("asked");
    }

    @Test
    void invalidArgumentsAreKeptRawAndReportedIncomplete() {
        StreamAssembler a = feed(new StreamEvent.ToolCallDelta(0, "c", "f", "{\"a\":"),
                new StreamEvent.Finish(FinishReason.TOOL_USE, "tool_calls"));
        assertThat(a.argumentsComplete(0)).isFalse();
        assertThat(a.argumentsComplete(7)).isFalse();
        assertThat(a.response("p").toolUses()).containsExactly(new ContentBlock.ToolUse("c", "f", "{\"a\":"));
    }

    @Test
    void trailingGarbageAfterAnObjectIsNotComplete() {
        StreamAssembler a = feed(new StreamEvent.ToolCallDelta(0, "c", "f", "{\"a\":1}}"));
        assertThat(a.argumentsComplete(0)).isFalse();
    }

    @Test
    void missingIdGetsAStableOneFromTheIndex() {
        StreamAssembler a = feed(new StreamEvent.ToolCallDelta(3, null, "f", "{}"), new StreamEvent.Finish(FinishReason.TOOL_USE, "x"));
        assertThat(a.response("p").toolUses()).containsExactly(new ContentBlock.ToolUse("call_3", "f", "{}"));
    }

    @Test
    void partialSeparatesCompletedCallsFromTheOpenOne() {
        StreamAssembler a = feed(new StreamEvent.ReasoningDelta("why", null), new StreamEvent.TextDelta("text"),
                new StreamEvent.ToolCallDelta(0, "a", "noargs", ""),
                new StreamEvent.ToolCallDelta(1, "b", "done", "{\"x\":1}"),
                new StreamEvent.ToolCallDelta(2, "c", "open", "{\"y\":"));
        assertThat(a.partial()).isEqualTo(new PartialOutput("text", "why",
                List.of(new ContentBlock.ToolUse("a", "noargs", "{}"), new ContentBlock.ToolUse("b", "done", "{\"x\":1}")),
                2, "open"));
        assertThat(feed().partial().isEmpty()).isTrue();
    }
}

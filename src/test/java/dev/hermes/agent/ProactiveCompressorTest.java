package dev.hermes.agent;

import dev.hermes.failover.CallFailedException;
import dev.hermes.failover.CallResult;
import dev.hermes.failover.ModelCaller;
import dev.hermes.failover.Reason;
import dev.hermes.llm.ChatResponse;
import dev.hermes.llm.ContentBlock;
import dev.hermes.llm.FinishReason;
import dev.hermes.llm.Message;
import dev.hermes.llm.Role;
import dev.hermes.llm.Usage;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The invariants of compression on generated conversations: the first and last messages stay as
 * they were, no tool call is separated from its result, and a failed summary loses no message.
 */
class ProactiveCompressorTest {

    private static final ModelCaller SUMMARY = (request, observer) -> new CallResult(
            new ChatResponse("p", "m", Message.assistant("the summary"), FinishReason.STOP, "stop", Usage.ZERO),
            List.of(), Usage.ZERO);

    private static final ModelCaller FAILING = (request, observer) -> {
        throw new CallFailedException("every route failed", Reason.AUTH, List.of());
    };

    /** A user message, then random turns: text answers, tool calls with results, user follow-ups. */
    static List<Message> conversation(Random r) {
        List<Message> h = new ArrayList<>();
        h.add(Message.user("task " + "x".repeat(r.nextInt(400))));
        int turns = 1 + r.nextInt(25);
        int id = 0;
        for (int t = 0; t < turns; t++) {
            switch (r.nextInt(4)) {
                case 0 -> h.add(Message.assistant("thinking " + "y".repeat(r.nextInt(800))));
                case 1 -> h.add(Message.user("more " + "z".repeat(r.nextInt(300))));
                default -> {
                    int calls = 1 + r.nextInt(3);
                    List<ContentBlock> uses = new ArrayList<>();
                    for (int c = 0; c < calls; c++) uses.add(new ContentBlock.ToolUse("c" + (id + c), "read_file", "{}"));
                    h.add(Message.assistant(uses));
                    for (int c = 0; c < calls; c++) h.add(Message.toolResult("c" + id++, "r".repeat(r.nextInt(3000)), false));
                }
            }
        }
        return h;
    }

    private static ProactiveCompressor compressor(Random r, ModelCaller summarizer) {
        var settings = ProactiveCompressor.Settings.fixed(1 + r.nextInt(3000), r.nextInt(2000), r.nextInt(5),
                1 + r.nextInt(10), 1 + r.nextInt(3), summarizer, "m");
        return new ProactiveCompressor(settings, new TokenCounter());
    }

    /** Runs a compression and returns the history after it. */
    private static List<Message> compress(ProactiveCompressor c, List<Message> history) throws InterruptedException {
        List<List<Message>> last = new ArrayList<>(List.of(history));
        c.compress(null, history, List.of(), dev.hermes.failover.CallObserver.NONE, new ProactiveCompressor.Applier() {
            @Override
            public void called(CallResult call) {
            }

            @Override
            public void summarised(List<Message> next, ProactiveCompressor.Done.Summarised done) {
                last.add(next);
            }

            @Override
            public void trimmed(List<Message> next, ProactiveCompressor.Done.Trimmed done) {
                last.add(next);
            }
        });
        return last.getLast();
    }

    @Test
    void theCutNeverSeparatesAToolCallFromItsResult() {
        for (long seed = 0; seed < 2000; seed++) {
            Random r = new Random(seed);
            List<Message> h = conversation(r);
            ProactiveCompressor.Cut cut = compressor(r, SUMMARY).cut(h);
            if (cut == null) continue;
            assertThat(h.get(cut.from()).role()).as("seed %d: the middle starts with a tool result", seed).isNotEqualTo(Role.TOOL);
            if (cut.to() < h.size()) {
                assertThat(h.get(cut.to()).role()).as("seed %d: the tail starts with a tool result", seed).isNotEqualTo(Role.TOOL);
            }
            assertThat(cut.size()).isGreaterThanOrEqualTo(2);
        }
    }

    @Test
    void afterCompressionEveryToolCallHasItsResultAndTheEndsAreVerbatim() throws Exception {
        for (long seed = 0; seed < 500; seed++) {
            Random r = new Random(seed);
            List<Message> h = conversation(r);
            List<Message> after = compress(compressor(r, SUMMARY), h);
            Set<String> calls = new HashSet<>(), results = new HashSet<>();
            for (Message m : after) {
                m.toolUses().forEach(u -> calls.add(u.id()));
                for (ContentBlock b : m.content()) if (b instanceof ContentBlock.ToolResult t) results.add(t.toolUseId());
            }
            assertThat(results).as("seed %d", seed).isEqualTo(calls);
            assertThat(after.getFirst()).as("seed %d: the first message", seed).isEqualTo(h.getFirst());
            assertThat(after.getLast().role()).isEqualTo(h.getLast().role());
            if (after.size() < h.size()) assertThat(after.getLast()).as("seed %d: the last message", seed).isEqualTo(h.getLast());
        }
    }

    @Test
    void aFailedSummaryKeepsEveryMessage() throws Exception {
        for (long seed = 0; seed < 300; seed++) {
            Random r = new Random(seed);
            List<Message> h = conversation(r);
            List<Message> after = compress(compressor(r, FAILING), h);
            assertThat(after).as("seed %d", seed).hasSameSizeAs(h);
            for (int i = 0; i < h.size(); i++) {
                assertThat(after.get(i).role()).isEqualTo(h.get(i).role());
                assertThat(after.get(i).toolUses()).isEqualTo(h.get(i).toolUses());
            }
        }
    }

    /** Found by the generated cases (seed 0): protect_first_n 0 summarised the task itself. */
    @Test
    void theTaskStaysEvenWithProtectFirstNZero() throws Exception {
        List<Message> h = List.of(Message.user("the task"), Message.assistant("a"), Message.user("b"), Message.assistant("c"),
                Message.user("d"), Message.assistant("e"), Message.user("now"));
        var settings = ProactiveCompressor.Settings.fixed(1, 1, 0, 1, 1, SUMMARY, "m");
        List<Message> after = compress(new ProactiveCompressor(settings, new TokenCounter()), h);
        assertThat(after.getFirst()).isEqualTo(h.getFirst());
        assertThat(after.get(1).text()).startsWith("[CONTEXT COMPACTION");
        assertThat(after.getLast()).isEqualTo(h.getLast());
    }

    /** Found by the generated cases (seed 48): with nothing left to summarise, the latest results were cut. */
    @Test
    void nothingLeftToSummariseLeavesTheLatestResultsWhole() throws Exception {
        String big = "r".repeat(5000);
        List<Message> h = List.of(Message.user("the task"),
                Message.assistant(List.of(new ContentBlock.ToolUse("c1", "read_file", "{}"))), Message.toolResult("c1", big, false));
        var settings = ProactiveCompressor.Settings.fixed(1, 1, 1, 1, 3, SUMMARY, "m");
        List<Message> after = compress(new ProactiveCompressor(settings, new TokenCounter()), h);
        assertThat(after).isEqualTo(h);
    }

    @Test
    void theSummaryMessageSaysHowManyModelTurnsItReplaced() {
        Message m = SummaryPrompt.summaryMessage("notes", 7, 3);
        assertThat(m.role()).isEqualTo(Role.USER);
        assertThat(SummaryPrompt.modelTurnsReplaced(m.text())).isEqualTo(3);
        assertThat(SummaryPrompt.modelTurnsReplaced("(replaced 7 messages, 3 model turns)")).isZero();
    }

    @Test
    void estimatesAreCorrectedByReportedUsageWithinBounds() {
        TokenCounter counter = new TokenCounter();
        List<Message> request = List.of(Message.user("a".repeat(4000)));
        long raw = TokenCounter.raw(request, List.of());
        assertThat(counter.estimate(request, List.of())).isEqualTo(raw);
        counter.observe(raw, Usage.of(raw * 2, 10));
        assertThat(counter.estimate(request, List.of())).isEqualTo(raw * 2);
        counter.observe(raw, Usage.of(raw * 100, 10));
        assertThat(counter.factor()).isEqualTo(TokenCounter.MAX_FACTOR);
        counter.observe(raw, Usage.ZERO); // nothing reported: nothing learnt
        assertThat(counter.factor()).isEqualTo(TokenCounter.MAX_FACTOR);
        // Anthropic counts cached prompt tokens apart from input
        assertThat(TokenCounter.promptTokens(new Usage(100, 5, 900, 0, 0))).isEqualTo(1000);
        assertThat(TokenCounter.promptTokens(new Usage(1000, 5, 900, 0, 0))).isEqualTo(1000);
    }

    @Test
    void knownModelsHaveTheirWindowsAndTheOverrideWins() {
        assertThat(ContextWindow.of("anthropic/claude-sonnet-4")).isEqualTo(200_000);
        assertThat(ContextWindow.of("MiniMax-M2.7")).isEqualTo(204_800);
        assertThat(ContextWindow.of("some-new-model")).isEqualTo(ContextWindow.DEFAULT);
        assertThat(ContextWindow.resolve("claude-x", 10_000, 50_000)).isEqualTo(10_000);
        assertThat(ContextWindow.resolve("claude-x", null, 50_000)).isEqualTo(50_000);
    }
}

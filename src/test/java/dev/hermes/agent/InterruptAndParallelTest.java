package dev.hermes.agent;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hermes.llm.ContentBlock;
import dev.hermes.llm.Message;
import dev.hermes.llm.Role;
import dev.hermes.llm.ToolDefinition;
import dev.hermes.tools.Tool;
import dev.hermes.tools.ToolContext;
import dev.hermes.tools.ToolOutcome;
import dev.hermes.tools.ToolRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;

import static dev.hermes.agent.ScriptedModel.answer;
import static dev.hermes.agent.ScriptedModel.c;
import static dev.hermes.agent.ScriptedModel.call;
import static dev.hermes.agent.ScriptedModel.tools;
import static org.assertj.core.api.Assertions.assertThat;

class InterruptAndParallelTest {

    @TempDir
    Path temp;

    /** A read-only tool that only succeeds when {@code parties} calls are inside it at the same time. */
    private record BarrierTool(CyclicBarrier barrier, long delayMillis) implements Tool {
        @Override
        public ToolDefinition definition() {
            return new ToolDefinition("meet", "waits for its peers",
                    "{\"type\":\"object\",\"properties\":{\"tag\":{\"type\":\"string\"}},\"required\":[\"tag\"]}");
        }

        @Override
        public boolean readOnly() {
            return true;
        }

        @Override
        public ToolOutcome run(JsonNode arguments, ToolContext context) throws InterruptedException {
            String tag = arguments.get("tag").asText();
            try {
                barrier.await(2, TimeUnit.SECONDS);
            } catch (Exception e) {
                return ToolOutcome.error(tag + " ran alone");
            }
            if (tag.equals("first")) Thread.sleep(delayMillis); // finishes last, must still come first
            return ToolOutcome.ok(tag + " met its peers");
        }
    }

    @Test
    void readOnlyCallsOfOneTurnRunInParallelAndResultsKeepTheModelsOrder() throws Exception {
        ScriptedModel model = new ScriptedModel(
                tools("tool_calls", c("a", "meet", "{\"tag\":\"first\"}"), c("b", "meet", "{\"tag\":\"second\"}"),
                        c("c", "meet", "{\"tag\":\"third\"}")),
                answer("met"));
        try (Harness h = new Harness(temp, model)) {
            h.tools = ToolRegistry.of(List.of(new BarrierTool(new CyclicBarrier(3), 100)));
            RecordingObserver observer = new RecordingObserver();

            Outcome outcome = h.loop().run("meet", observer);

            assertThat(outcome).isInstanceOf(Outcome.Answered.class);
            assertThat(observer.results).extracting(ContentBlock.ToolResult::content)
                    .containsExactly("first met its peers", "second met its peers", "third met its peers");
            assertThat(observer.results).extracting(ContentBlock.ToolResult::toolUseId).containsExactly("a", "b", "c");
            String second = model.requests().get(1).body();
            assertThat(second.indexOf("first met")).isLessThan(second.indexOf("second met"));
        }
    }

    @Test
    void ctrlCDuringAModelCallEndsTheCallAndKeepsTheSession() throws Exception {
        ScriptedModel model = new ScriptedModel();
        model.then(model.hold("thinking about it"));
        try (Harness h = new Harness(temp, model)) {
            ConversationLoop loop = h.loop();
            RecordingObserver observer = new RecordingObserver();
            CompletableFuture<Outcome> run = CompletableFuture.supplyAsync(() -> loop.run("first question", observer));
            assertThat(model.holding.await(5, TimeUnit.SECONDS)).isTrue();
            waitFor(() -> observer.shown().contains("thinking"));
            long start = System.nanoTime();

            loop.interrupt();
            Outcome outcome = run.get(5, TimeUnit.SECONDS);

            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(2000);
            assertThat(outcome).isEqualTo(new Outcome.Interrupted("model call"));
            assertThat(loop.history()).extracting(Message::role).containsExactly(Role.USER);
            model.then(answer("second answer"));
            Outcome next = loop.run("second question", new RecordingObserver());
            assertThat(next).isInstanceOf(Outcome.Answered.class);
            String body = model.requests().getLast().body();
            assertThat(body).contains("first question").contains("second question");
        }
    }

    @Test
    void ctrlCDuringAToolCancelsItAndKeepsItsResult() throws Exception {
        ScriptedModel model = new ScriptedModel(call("t1", "terminal", "{\"command\":\"echo started; sleep 30\"}"));
        try (Harness h = new Harness(temp, model)) {
            ConversationLoop loop = h.loop();
            RecordingObserver observer = new RecordingObserver();
            CompletableFuture<Outcome> run = CompletableFuture.supplyAsync(() -> loop.run("sleep", observer));
            assertThat(observer.toolStarted.await(5, TimeUnit.SECONDS)).isTrue();
            Thread.sleep(100);
            long start = System.nanoTime();

            loop.interrupt();
            Outcome outcome = run.get(10, TimeUnit.SECONDS);

            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(5000);
            assertThat(outcome).isEqualTo(new Outcome.Interrupted("tool"));
            assertThat(model.requests()).hasSize(1);
            List<Message> history = loop.history();
            assertThat(history).extracting(Message::role).containsExactly(Role.USER, Role.ASSISTANT, Role.TOOL);
            ContentBlock.ToolResult result = (ContentBlock.ToolResult) history.get(2).content().get(0);
            assertThat(result.isError()).isTrue();
            assertThat(result.content()).contains("cancelled");
        }
    }

    @Test
    void aSecondCtrlCWithinTwoSecondsExitsWith130() throws Exception {
        ScriptedModel model = new ScriptedModel(answer("x"));
        try (Harness h = new Harness(temp, model)) {
            long[] now = {0};
            int[] exit = {-1};
            int[] notices = {0};
            InterruptHandler handler = new InterruptHandler(h.loop(), () -> now[0], code -> exit[0] = code, () -> notices[0]++);

            handler.onSignal();
            now[0] += 3_000_000_000L; // 3 s later: a new first press
            handler.onSignal();
            assertThat(exit[0]).isEqualTo(-1);
            assertThat(notices[0]).isEqualTo(2);
            now[0] += 1_500_000_000L;
            handler.onSignal();
            assertThat(exit[0]).isEqualTo(130);
        }
    }

    private static void waitFor(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new AssertionError("condition not met in 5 s");
            Thread.sleep(5);
        }
    }
}

package dev.hermes.agent;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hermes.llm.ContentBlock;
import dev.hermes.llm.Message;
import dev.hermes.llm.Role;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static dev.hermes.agent.ScriptedModel.answer;
import static dev.hermes.agent.ScriptedModel.c;
import static dev.hermes.agent.ScriptedModel.call;
import static dev.hermes.agent.ScriptedModel.text;
import static dev.hermes.agent.ScriptedModel.tools;
import static org.assertj.core.api.Assertions.assertThat;

/** The loop against a scripted model over loopback, with the real tools in a temp workspace. */
class ConversationLoopTest {

    @TempDir
    Path temp;

    /** The messages of one request body, as (role, content or tool-call text) strings. */
    private static List<JsonNode> messages(JsonNode body) {
        return List.copyOf(body.get("messages").findParents("role"));
    }

    @Test
    void multiStepTaskReadsPatchesWritesAndRunsACommand() throws Exception {
        ScriptedModel model = new ScriptedModel(
                call("c1", "read_file", "{\"path\":\"notes.txt\"}"),
                call("c2", "patch", "{\"path\":\"notes.txt\",\"old_string\":\"status: draft\",\"new_string\":\"status: final\"}"),
                call("c3", "write_file", "{\"path\":\"out/summary.txt\",\"content\":\"summary done\\n\"}"),
                call("c4", "terminal", "{\"command\":\"cat notes.txt out/summary.txt > combined.txt && wc -l < combined.txt\"}"),
                answer("All ", "done."));
        try (Harness h = new Harness(temp, model)) {
            Files.writeString(h.workspaceDir.resolve("notes.txt"), "title: report\nstatus: draft\n");
            RecordingObserver observer = new RecordingObserver();

            Outcome outcome = h.loop().run("finish the report", observer);

            assertThat(outcome).isInstanceOf(Outcome.Answered.class);
            assertThat(((Outcome.Answered) outcome).text()).isEqualTo("All done.");
            assertThat(Files.readString(h.workspaceDir.resolve("notes.txt"))).isEqualTo("title: report\nstatus: final\n");
            assertThat(Files.readString(h.workspaceDir.resolve("out/summary.txt"))).isEqualTo("summary done\n");
            assertThat(Files.readString(h.workspaceDir.resolve("combined.txt")))
                    .isEqualTo("title: report\nstatus: final\nsummary done\n");
            assertThat(model.requests()).hasSize(5);
            // the model saw each result: the file as read, then the command's output
            String second = model.requests().get(1).body();
            assertThat(second).contains("status: draft").contains("\"tool_call_id\":\"c1\"");
            String fifth = model.requests().get(4).body();
            assertThat(fifth).contains("[exit code: 0]").contains("3\\n");
            assertThat(observer.results).extracting(ContentBlock.ToolResult::isError).containsOnly(false);
            assertThat(observer.events).containsSubsequence("call:read_file", "result:read_file:ok", "call:patch",
                    "call:write_file", "call:terminal", "result:terminal:ok", "finished:Answered");
        }
    }

    @Test
    void invalidArgumentsAndUnknownToolsGoBackAsErrorsAndNothingRuns() throws Exception {
        ScriptedModel model = new ScriptedModel(
                tools("tool_calls", c("c1", "write_file", "{\"path\":\"x.txt\",\"content\":"),
                        c("c2", "delete_everything", "{}")),
                answer("sorry"));
        try (Harness h = new Harness(temp, model)) {
            RecordingObserver observer = new RecordingObserver();

            Outcome outcome = h.loop().run("write x", observer);

            assertThat(outcome).isInstanceOf(Outcome.Answered.class);
            assertThat(h.workspaceDir.resolve("x.txt")).doesNotExist();
            assertThat(observer.results).hasSize(2).allMatch(ContentBlock.ToolResult::isError);
            assertThat(observer.results.get(0).content()).contains("not valid JSON").contains("nothing was executed");
            assertThat(observer.results.get(1).content()).contains("unknown tool 'delete_everything'");
            List<JsonNode> sent = messages(model.bodies().get(1));
            assertThat(sent).filteredOn(m -> m.get("role").asText().equals("tool")).hasSize(2);
        }
    }

    @Test
    void textCutByTheOutputLimitIsContinuedAndJoinedExactly() throws Exception {
        ScriptedModel model = new ScriptedModel(text("length", "Hello, ", "wor"), answer("ld", " and more."));
        try (Harness h = new Harness(temp, model)) {
            RecordingObserver observer = new RecordingObserver();

            Outcome outcome = h.loop().run("greet", observer);

            assertThat(((Outcome.Answered) outcome).text()).isEqualTo("Hello, world and more.");
            assertThat(observer.shown()).isEqualTo("Hello, world and more.");
            JsonNode last = messages(model.bodies().get(1)).getLast();
            assertThat(last.get("role").asText()).isEqualTo("assistant");
            assertThat(last.get("content").asText()).isEqualTo("Hello, wor");
        }
    }

    @Test
    void aContinuationThatRepeatsTheEndOfTheCutTextIsJoinedWithoutTheRepeat() throws Exception {
        ScriptedModel model = new ScriptedModel(text("length", "Alpha beta gamma delta epsilon"),
                answer("gamma delta ", "epsilon zeta eta."));
        try (Harness h = new Harness(temp, model)) {
            RecordingObserver observer = new RecordingObserver();

            Outcome outcome = h.loop().run("letters", observer);

            assertThat(((Outcome.Answered) outcome).text()).isEqualTo("Alpha beta gamma delta epsilon zeta eta.");
            assertThat(observer.shown()).isEqualTo("Alpha beta gamma delta epsilon zeta eta.");
        }
    }

    @Test
    void continuationsAreBounded() throws Exception {
        ScriptedModel model = new ScriptedModel(text("length", "more "));
        try (Harness h = new Harness(temp, model)) {
            Outcome outcome = h.loop().run("go on forever", new RecordingObserver());

            assertThat(outcome).isInstanceOf(Outcome.GaveUp.class);
            assertThat(((Outcome.GaveUp) outcome).message()).contains("after 4 continuations");
            assertThat(model.requests()).hasSize(5);
        }
    }

    @Test
    void aToolCallCutByTheLimitIsAskedForAgainWithALargerBudgetAndNeverRunCut() throws Exception {
        ScriptedModel model = new ScriptedModel(
                tools("length", c("c1", "write_file", "{\"path\":\"cut.txt\",\"content\":\"abc")),
                call("c1", "write_file", "{\"path\":\"cut.txt\",\"content\":\"abcdef\"}"),
                answer("written"));
        try (Harness h = new Harness(temp, model)) {
            h.settings = h.settings.withMaxTokens(100);
            RecordingObserver observer = new RecordingObserver();

            Outcome outcome = h.loop().run("write cut.txt", observer);

            assertThat(outcome).isInstanceOf(Outcome.Answered.class);
            assertThat(model.bodies()).extracting(b -> b.get("max_tokens").asInt()).containsExactly(100, 200, 100);
            assertThat(Files.readString(h.workspaceDir.resolve("cut.txt"))).isEqualTo("abcdef");
            assertThat(observer.events).filteredOn(e -> e.startsWith("call:")).hasSize(1);
        }
    }

    @Test
    void aToolCallThatStaysCutIsNeverExecuted() throws Exception {
        // Complete-looking arguments in a cut response are not trusted either.
        ScriptedModel model = new ScriptedModel(tools("length", c("c1", "write_file", "{\"path\":\"a.txt\",\"content\":\"x\"}")));
        try (Harness h = new Harness(temp, model)) {
            Outcome outcome = h.loop().run("write", new RecordingObserver());

            assertThat(outcome).isInstanceOf(Outcome.GaveUp.class);
            assertThat(((Outcome.GaveUp) outcome).message()).contains("cut by the output limit 5 times").contains("nothing was executed");
            assertThat(h.workspaceDir.resolve("a.txt")).doesNotExist();
            assertThat(model.bodies()).extracting(b -> b.path("max_tokens").asInt(0)).containsExactly(
                    // the first request has no budget; the provider reported 0 output tokens, so 4096 is assumed
                    0, 8192, 16384, 32768, 65536);
        }
    }

    @Test
    void theSameFailingToolCallEndsTheLoopAfterThreeFailures() throws Exception {
        ScriptedModel model = new ScriptedModel(call("c1", "read_file", "{\"path\":\"missing.txt\"}"));
        try (Harness h = new Harness(temp, model)) {
            Outcome outcome = h.loop().run("read it", new RecordingObserver());

            assertThat(outcome).isInstanceOf(Outcome.GaveUp.class);
            assertThat(((Outcome.GaveUp) outcome).message()).contains("read_file").contains("failed 3 times");
            assertThat(model.requests()).hasSize(3);
        }
    }

    @Test
    void maxTurnsEndsALoopThatNeverAnswers() throws Exception {
        ScriptedModel model = new ScriptedModel(call("c1", "list_dir", "{}"));
        try (Harness h = new Harness(temp, model)) {
            h.settings = AgentSettings.defaults("scripted-1", 3);

            Outcome outcome = h.loop().run("look around", new RecordingObserver());

            assertThat(outcome).isEqualTo(new Outcome.MaxTurns(3, ((Outcome.MaxTurns) outcome).usage()));
            assertThat(model.requests()).hasSize(3);
        }
    }

    @Test
    void contextOverflowShortensOldToolResultsOnceAndRetries() throws Exception {
        StringBuilder lines = new StringBuilder();
        for (int i = 1; i <= 100; i++) lines.append("line ").append(i).append(" of the big file\n");
        String big = lines.toString();
        ScriptedModel model = new ScriptedModel(
                call("c1", "read_file", "{\"path\":\"big.txt\"}"),
                answer("read it"),
                ScriptedModel.error(400, "{\"error\":{\"message\":\"This model's maximum context length is 10 tokens\","
                        + "\"code\":\"context_length_exceeded\"}}"),
                answer("still here"));
        try (Harness h = new Harness(temp, model)) {
            Files.writeString(h.workspaceDir.resolve("big.txt"), big);
            ConversationLoop loop = h.loop();
            loop.run("read big.txt", new RecordingObserver());
            RecordingObserver observer = new RecordingObserver();

            Outcome outcome = loop.run("and now?", observer);

            assertThat(outcome).isEqualTo(new Outcome.Answered("still here", ((Outcome.Answered) outcome).usage(),
                    "scripted", "scripted-1"));
            assertThat(model.requests().get(2).body().contains("line 100 of the big file")).isTrue();
            String retried = model.requests().get(3).body();
            assertThat(retried.contains("line 100 of the big file")).isFalse();
            assertThat(retried.contains("line 1 of the big file") && retried.contains("tool result shortened")).isTrue();
            assertThat(observer.events).anyMatch(e -> e.startsWith("status:context window exceeded"));
        }
    }

    @Test
    void contextOverflowWithNothingToShortenGivesUpClearly() throws Exception {
        ScriptedModel model = new ScriptedModel(ScriptedModel.error(400,
                "{\"error\":{\"message\":\"maximum context length exceeded\",\"code\":\"context_length_exceeded\"}}"));
        try (Harness h = new Harness(temp, model)) {
            Outcome outcome = h.loop().run("hi", new RecordingObserver());

            assertThat(outcome).isInstanceOf(Outcome.GaveUp.class);
            assertThat(((Outcome.GaveUp) outcome).message()).contains("does not fit the model's context window");
            assertThat(model.requests()).hasSize(1);
        }
    }

    @Test
    void historyHoldsEveryMessageInOrder() throws Exception {
        ScriptedModel model = new ScriptedModel(call("c1", "list_dir", "{}"), answer("empty"));
        try (Harness h = new Harness(temp, model)) {
            ConversationLoop loop = h.loop();
            loop.run("what is here?", new RecordingObserver());

            assertThat(loop.history()).extracting(Message::role)
                    .containsExactly(Role.USER, Role.ASSISTANT, Role.TOOL, Role.ASSISTANT);
        }
    }
}

package dev.hermes.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hermes.exit.ExitCodes;
import dev.hermes.provider.WireApi;
import dev.hermes.sim.SimAttempt;
import dev.hermes.sim.SimScript;
import dev.hermes.sim.SimServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import static dev.hermes.cli.AgentE2E.events;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every loop guard of issue 4 triggered through {@code hermes chat --format stream-json} against
 * the scripted simulator, and shown to be bounded: what the simulator saw, the exit code, and
 * the one final or error event.
 */
@Timeout(60)
class LoopGuardsE2ETest {

    private SimServer sim;
    private AgentE2E e2e;

    @BeforeEach
    void start(@TempDir Path temp) throws Exception {
        sim = SimServer.start();
        e2e = new AgentE2E(temp, sim);
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    private CliRun run(String script, WireApi wire, String extraConfig, SimScript.Turn... turns) throws Exception {
        sim.registerScript(new SimScript(script, List.of(turns)));
        e2e.config("scripted:" + script, wire, extraConfig);
        return e2e.chat("do it", "--format", "stream-json");
    }

    private static JsonNode onlyEnd(CliRun run, String type) {
        assertThat(events(run.out(), "final").size() + events(run.out(), "error").size()).as(run.out()).isEqualTo(1);
        return events(run.out(), type).getFirst();
    }

    @Test
    void invalidJsonUnknownToolsAndBadArgumentsAreErrorResultsAndNothingRuns() throws Exception {
        CliRun run = run("bad", WireApi.CHAT_COMPLETIONS, "",
                SimScript.Turn.tools(SimScript.ToolCall.raw("write_file", "{not json"),
                        SimScript.ToolCall.of("teleport", Map.of("to", "mars")),
                        SimScript.ToolCall.of("write_file", Map.of("path", "x.txt"))),
                SimScript.Turn.text("Recovered."));

        assertThat(run.exit()).as(run.err()).isEqualTo(ExitCodes.OK);
        assertThat(onlyEnd(run, "final").path("text").asText()).isEqualTo("Recovered.");
        List<JsonNode> results = events(run.out(), "tool_result");
        assertThat(results).hasSize(3).allSatisfy(r -> assertThat(r.path("is_error").asBoolean()).isTrue());
        assertThat(results.get(0).path("content").asText()).contains("not valid JSON", "nothing was executed");
        assertThat(events(run.out(), "tool_call").getFirst().path("arguments").asText()).isEqualTo("{not json");
        assertThat(results.get(1).path("content").asText()).contains("teleport", "read_file", "terminal");
        assertThat(results.get(2).path("content").asText()).contains("missing required argument 'content'", "nothing was executed");
        assertThat(e2e.workspace.resolve("x.txt")).doesNotExist();
        assertThat(e2e.calls("scripted:bad")).hasSize(2);
    }

    @ParameterizedTest
    @EnumSource(WireApi.class)
    void anAnswerCutByTheOutputLimitIsContinuedByPrefillAndJoinedExactly(WireApi wire) throws Exception {
        String full = "The river froze early that year, and the ferry stayed in its shed until the spring thaw.";
        CliRun run = run("long", wire, "", SimScript.Turn.text(full).withFault("length:after=2,times=2"));

        assertThat(run.exit()).as(run.err()).isEqualTo(ExitCodes.OK);
        assertThat(onlyEnd(run, "final").path("text").asText()).isEqualTo(full);
        String streamed = String.join("", events(run.out(), "text").stream().map(t -> t.path("text").asText()).toList());
        assertThat(streamed).isEqualTo(full);
        assertThat(events(run.out(), "status")).extracting(s -> s.path("message").asText())
                .anySatisfy(m -> assertThat(m).contains("continuing (2/4)"));
        assertThat(e2e.calls("scripted:long")).extracting(SimAttempt::prefill).containsExactly(false, true, true);
        assertThat(e2e.calls("scripted:long")).extracting(SimAttempt::outcome)
                .containsExactly("finish length after 2 chunks", "finish length after 2 chunks", "completed");
    }

    @Test
    void continuationIsBoundedAtFourAndEndsClearly() throws Exception {
        CliRun run = run("endless", WireApi.CHAT_COMPLETIONS, "",
                SimScript.Turn.text("one two three four five six seven eight nine ten eleven twelve.")
                        .withFault("length:after=1,chunk_words=1"));

        assertThat(run.exit()).isEqualTo(ExitCodes.PROVIDER_FAILURE);
        assertThat(onlyEnd(run, "error").path("message").asText()).contains("still cut by the output limit after 4 continuations");
        assertThat(e2e.calls("scripted:endless")).extracting(SimAttempt::prefill).containsExactly(false, true, true, true, true);
    }

    @Test
    void aToolCallCutByTheLimitIsAskedForAgainWithTwiceTheBudgetAndRunsOnlyWhole() throws Exception {
        String content = "a report long enough to be cut after a couple of argument fragments\n";
        CliRun run = run("cutcall", WireApi.ANTHROPIC_MESSAGES, "agent: {max_tokens: 300}\n",
                SimScript.Turn.tools(SimScript.ToolCall.of("write_file", Map.of("path", "report.txt", "content", content)))
                        .withFault("length:after=2,times=2"),
                SimScript.Turn.text("Written."));

        assertThat(run.exit()).as(run.err()).isEqualTo(ExitCodes.OK);
        assertThat(e2e.workspace.resolve("report.txt")).hasContent(content);
        assertThat(events(run.out(), "tool_call")).singleElement()
                .satisfies(c -> assertThat(c.path("arguments").asText()).contains(content.strip()));
        assertThat(events(run.out(), "restart")).hasSize(2);
        assertThat(e2e.calls("scripted:cutcall")).extracting(SimAttempt::maxTokens).containsExactly(300, 600, 1200, 300);
    }

    @Test
    void aToolCallAlwaysCutIsBoundedAndNeverExecuted() throws Exception {
        CliRun run = run("alwayscut", WireApi.CHAT_COMPLETIONS, "agent: {max_tokens: 100}\n",
                SimScript.Turn.tools(SimScript.ToolCall.of("write_file", Map.of("path", "never.txt", "content", "x".repeat(80))))
                        .withFault("length:after=2"),
                SimScript.Turn.text("unreachable"));

        assertThat(run.exit()).isEqualTo(ExitCodes.PROVIDER_FAILURE);
        assertThat(onlyEnd(run, "error").path("message").asText()).contains("cut by the output limit 5 times", "nothing was executed");
        assertThat(events(run.out(), "tool_call")).isEmpty();
        assertThat(e2e.workspace.resolve("never.txt")).doesNotExist();
        assertThat(e2e.calls("scripted:alwayscut")).extracting(SimAttempt::maxTokens).containsExactly(100, 200, 400, 800, 1600);
    }

    @Test
    void theSameFailingToolCallThreeTimesEndsTheRunNamingIt() throws Exception {
        SimScript.Turn missing = SimScript.Turn.tools(SimScript.ToolCall.of("read_file", Map.of("path", "missing.txt")));
        CliRun run = run("stuck", WireApi.CHAT_COMPLETIONS, "", missing, missing, missing, missing, SimScript.Turn.text("never"));

        assertThat(run.exit()).isEqualTo(ExitCodes.PROVIDER_FAILURE);
        assertThat(onlyEnd(run, "error").path("message").asText())
                .contains("read_file", "missing.txt", "failed 3 times with the same arguments");
        assertThat(e2e.calls("scripted:stuck")).hasSize(3);
    }

    @Test
    void maxTurnsFromTheFlagAndFromConfigBoundTheModelCalls() throws Exception {
        SimScript.Turn look = SimScript.Turn.tools(SimScript.ToolCall.of("list_dir", Map.of()));
        CliRun flag = run("busy", WireApi.CHAT_COMPLETIONS, "", Collections.nCopies(8, look).toArray(SimScript.Turn[]::new));
        // with the default (90) the script runs out of turns first: the sim answers 400 and the run ends
        assertThat(flag.exit()).isEqualTo(ExitCodes.PROVIDER_FAILURE);
        sim.reset();

        CliRun limited = e2e.chat("do it", "--format", "stream-json", "--max-turns", "2");
        assertThat(limited.exit()).isEqualTo(ExitCodes.PROVIDER_FAILURE);
        assertThat(onlyEnd(limited, "error").path("kind").asText()).isEqualTo("max_turns");
        assertThat(e2e.calls("scripted:busy")).hasSize(2);
        sim.reset();

        e2e.config("scripted:busy", WireApi.CHAT_COMPLETIONS, "agent: {max_turns: 3}\n");
        CliRun configured = e2e.chat("do it", "--format", "stream-json");
        assertThat(configured.exit()).isEqualTo(ExitCodes.PROVIDER_FAILURE);
        assertThat(onlyEnd(configured, "error").path("kind").asText()).isEqualTo("max_turns");
        assertThat(e2e.calls("scripted:busy")).hasSize(3);
    }

    @Test
    void theSameProviderFailureRepeatedEndsClearlyOrMovesToTheFallback() throws Exception {
        SimScript.Turn look = SimScript.Turn.tools(SimScript.ToolCall.of("list_dir", Map.of()));
        sim.registerScript(new SimScript("flaky", List.of(look, SimScript.Turn.text("Done.").withFault("overloaded-503"))));
        sim.registerScript(new SimScript("spare", List.of(look, SimScript.Turn.text("Done by the spare."))));

        e2e.config("scripted:flaky", WireApi.CHAT_COMPLETIONS, "");
        CliRun alone = e2e.chat("do it", "--format", "stream-json");
        assertThat(alone.exit()).isEqualTo(ExitCodes.PROVIDER_FAILURE);
        JsonNode error = onlyEnd(alone, "error");
        assertThat(error.path("kind").asText()).isEqualTo("gave_up");
        List<SimAttempt> failed = e2e.calls("scripted:flaky").stream().filter(a -> a.outcome().equals("503")).toList();
        assertThat(error.path("attempts")).hasSize(failed.size());
        assertThat(failed.size()).isBetween(2, 3);
        assertThat(error.path("attempts").get(0).path("reason").asText()).isEqualTo("overloaded");
        sim.reset();

        e2e.config("scripted:flaky", WireApi.CHAT_COMPLETIONS, "",
                e2e.fallback("scripted:spare", WireApi.ANTHROPIC_MESSAGES));
        CliRun withFallback = e2e.chat("do it", "--format", "stream-json");
        assertThat(withFallback.exit()).as(withFallback.err()).isEqualTo(ExitCodes.OK);
        assertThat(onlyEnd(withFallback, "final").path("text").asText()).isEqualTo("Done by the spare.");
        assertThat(e2e.calls("scripted:spare")).singleElement()
                .satisfies(a -> assertThat(a.fault()).isEqualTo("scripted:spare turn 2"));
    }
}

package dev.hermes.cli;

import dev.hermes.exit.ExitCodes;
import com.fasterxml.jackson.databind.JsonNode;
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

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.hermes.cli.AgentE2E.events;
import static dev.hermes.cli.AgentE2E.ofType;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Proactive compression through {@code hermes chat} with the simulator: a long multi-tool task in
 * a 20k-token window (threshold 10k) is summarised by the auxiliary model before it outgrows the
 * threshold, finishes, and resumes from the recorded summary; a summary that fails falls back to
 * trimming without losing a message.
 */
@Timeout(90)
class CompressionE2ETest {

    static final int READS = 12;
    static final int THRESHOLD = 10_000;
    static final String DONE = "Read every part; the task is done.";
    static final String RESUMED = "I read twelve parts earlier.";

    private SimServer sim;
    private AgentE2E e2e;

    @BeforeEach
    void start(@TempDir Path temp) throws Exception {
        sim = SimServer.start();
        e2e = new AgentE2E(temp, sim);
        List<SimScript.Turn> turns = new ArrayList<>();
        for (int i = 1; i <= READS; i++) {
            turns.add(SimScript.Turn.tools(SimScript.ToolCall.of("read_file", Map.of("path", "part" + i + ".txt"))));
            // ~1500 tokens each: twelve of them are far over the threshold
            Files.writeString(e2e.workspace.resolve("part" + i + ".txt"), ("part " + i + " line of text\n").repeat(300));
        }
        turns.add(SimScript.Turn.text(DONE));
        turns.add(SimScript.Turn.text(RESUMED));
        sim.registerScript(new SimScript("long", turns));
        sim.registerScript(new SimScript("listed", turns, 20_000));
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    private String compression(String auxiliaryModel) {
        return "compression: {threshold: 0.5, protect_first_n: 1, protect_last_n: 4, target_ratio: 0.2}\n"
                + "auxiliary: {compression: {provider: custom, model: \"" + auxiliaryModel + "\", base_url: "
                + e2e.baseUrl(WireApi.CHAT_COMPLETIONS) + ", api_mode: chat_completions}}\n";
    }

    private void config(WireApi wire, String auxiliaryModel) throws Exception {
        e2e.config("scripted:long", wire, compression(auxiliaryModel));
        // model.context_length sits in the model section
        Path file = e2e.home.resolve("config.yaml");
        Files.writeString(file, Files.readString(file).replaceFirst("\\}\n", ", context_length: 20000}\n"));
    }

    @ParameterizedTest
    @EnumSource(WireApi.class)
    void aLongMultiToolSessionStaysUnderTheThresholdAndFinishesAfterCompressing(WireApi wire) throws Exception {
        config(wire, "healthy");

        CliRun run = e2e.chat("Read part1.txt to part12.txt, one at a time");

        assertThat(run.exit()).as(run.err()).isEqualTo(ExitCodes.OK);
        assertThat(run.out()).isEqualTo(DONE + "\n");
        assertThat(run.err()).contains("summarised");
        List<SimAttempt> summaries = e2e.calls("healthy");
        assertThat(summaries).isNotEmpty().allSatisfy(a -> assertThat(a.outcome()).isEqualTo("completed"));
        List<SimAttempt> task = e2e.calls("scripted:long");
        assertThat(task).extracting(SimAttempt::fault).endsWith("scripted:long turn " + (READS + 1));
        // without compression the last request would hold 1 + 2 * 12 messages
        assertThat(task.getLast().messages()).isLessThan(1 + 2 * READS);

        String id = e2e.onlySession();
        List<JsonNode> lines = e2e.session(id);
        List<JsonNode> usage = ofType(lines, "usage").stream()
                .filter(u -> u.path("model").asText().equals("scripted:long")).toList();
        assertThat(usage).hasSize(READS + 1).allSatisfy(u ->
                assertThat(u.path("input_tokens").asLong()).as("prompt of a request").isLessThanOrEqualTo(THRESHOLD * 11 / 10));
        List<JsonNode> compressions = ofType(lines, "compression");
        assertThat(compressions).hasSize(summaries.size());
        assertThat(compressions.getFirst().path("summary").asText()).startsWith("[CONTEXT COMPACTION").contains("END OF CONTEXT SUMMARY");
        // the record keeps every call and its result, whatever was summarised
        assertThat(ofType(lines, "tool_call")).hasSize(READS);
        assertThat(ofType(lines, "tool_result")).hasSize(READS).allSatisfy(r -> assertThat(r.path("is_error").asBoolean()).isFalse());

        CliRun shown = CliRun.run(new dev.hermes.config.Environment(Map.of("HERMES_HOME", e2e.home.toString()), e2e.workspace),
                "sessions", "show", id);
        assertThat(shown.out()).contains("-- compressed");

        // --resume rebuilds the compressed conversation: the script lands on its next turn
        CliRun resumed = e2e.chat("What did you read?", "--resume", id, "--format", "stream-json");
        assertThat(resumed.exit()).as(resumed.err()).isEqualTo(ExitCodes.OK);
        assertThat(events(resumed.out(), "final").getFirst().path("text").asText()).isEqualTo(RESUMED);
        SimAttempt last = e2e.calls("scripted:long").getLast();
        assertThat(last.fault()).isEqualTo("scripted:long turn " + (READS + 2));
        assertThat(last.messages()).isLessThan(1 + 2 * READS + 2);
    }

    @Test
    void theWindowComesFromTheProvidersModelListWhenTheConfigDoesNotSay() throws Exception {
        e2e.config("scripted:listed", WireApi.CHAT_COMPLETIONS, compression("healthy"));

        CliRun run = e2e.chat("Read part1.txt to part12.txt, one at a time");

        assertThat(run.exit()).as(run.err()).isEqualTo(ExitCodes.OK);
        assertThat(run.err()).contains("(threshold 10000): summarised");
        assertThat(e2e.calls("healthy")).isNotEmpty();
    }

    @Test
    void aSummaryCallThatFailsFallsBackToTrimmingWithoutLosingMessages() throws Exception {
        config(WireApi.CHAT_COMPLETIONS, "auth-error");

        CliRun run = e2e.chat("Read part1.txt to part12.txt, one at a time");

        assertThat(run.exit()).as(run.err()).isEqualTo(ExitCodes.OK);
        assertThat(run.out()).isEqualTo(DONE + "\n");
        assertThat(run.err()).contains("could not summarise the conversation (the summary call failed");
        assertThat(e2e.calls("auth-error")).isNotEmpty();
        List<SimAttempt> task = e2e.calls("scripted:long");
        // nothing was dropped: the last request holds the user message and every call and result
        assertThat(task.getLast().messages()).isEqualTo(1 + 1 + 2 * READS);
        List<JsonNode> lines = e2e.session(e2e.onlySession());
        assertThat(ofType(lines, "compression")).isEmpty();
        assertThat(ofType(lines, "compaction")).isNotEmpty();
    }
}

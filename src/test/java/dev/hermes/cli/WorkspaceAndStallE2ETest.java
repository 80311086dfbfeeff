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

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static dev.hermes.cli.AgentE2E.events;
import static dev.hermes.cli.AgentE2E.ofType;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Workspace escapes refused through the real CLI, and issue 4's failover scenario: a provider
 * that stalls in the middle of a tool call, with the task finished through the fallback.
 */
@Timeout(60)
class WorkspaceAndStallE2ETest {

    private Path temp;
    private SimServer sim;
    private AgentE2E e2e;

    @BeforeEach
    void start(@TempDir Path temp) throws Exception {
        this.temp = temp;
        sim = SimServer.start();
        e2e = new AgentE2E(temp, sim);
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    @Test
    void escapesByDotDotAbsolutePathsAndSymlinksAreRefusedAndNothingIsWrittenOutside() throws Exception {
        Path outside = Files.createDirectories(temp.resolve("outside"));
        Files.writeString(outside.resolve("secret.txt"), "do not read");
        sim.registerScript(new SimScript("escape", List.of(
                SimScript.Turn.tools(SimScript.ToolCall.of("write_file", Map.of("path", "../outside/a.txt", "content", "x")),
                        SimScript.ToolCall.of("write_file", Map.of("path", outside.resolve("b.txt").toString(), "content", "x"))),
                // a link made by the agent's own command, then used by the file tools
                SimScript.Turn.tools(SimScript.ToolCall.of("terminal", Map.of("command", "ln -s " + outside + " link"))),
                SimScript.Turn.tools(SimScript.ToolCall.of("write_file", Map.of("path", "link/c.txt", "content", "x")),
                        SimScript.ToolCall.of("read_file", Map.of("path", "link/secret.txt")),
                        SimScript.ToolCall.of("terminal", Map.of("command", "touch d.txt", "workdir", "../outside"))),
                SimScript.Turn.text("Refused everywhere."))));
        e2e.config("scripted:escape", WireApi.CHAT_COMPLETIONS, "");

        CliRun run = e2e.chat("try to escape", "--yolo", "--format", "stream-json");

        assertThat(run.exit()).as(run.err()).isEqualTo(ExitCodes.OK);
        assertThat(events(run.out(), "final").getFirst().path("text").asText()).isEqualTo("Refused everywhere.");
        List<JsonNode> results = events(run.out(), "tool_result");
        assertThat(results).extracting(r -> r.path("is_error").asBoolean()).containsExactly(true, true, false, true, true, true);
        for (int i : new int[]{0, 1, 3, 4, 5}) {
            assertThat(results.get(i).path("content").asText()).as(results.get(i).toString())
                    .contains("outside the workspace", "refused");
        }
        assertThat(results.get(4).path("content").asText()).doesNotContain("do not read");
        try (Stream<Path> files = Files.list(outside)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("secret.txt");
        }
        assertThat(Files.isSymbolicLink(e2e.workspace.resolve("link"))).isTrue();
        List<JsonNode> recorded = ofType(e2e.session(e2e.onlySession()), "tool_result");
        assertThat(recorded).extracting(r -> r.path("is_error").asBoolean()).containsExactly(true, true, false, true, true, true);
    }

    @Test
    void aProviderStallingMidToolCallFailsOverAndTheTaskFinishesThroughTheFallback() throws Exception {
        String report = "Rivers freeze from the banks inward; the middle keeps flowing longest.\n";
        SimScript.Turn read = SimScript.Turn.tools(SimScript.ToolCall.of("read_file", Map.of("path", "notes.txt")));
        SimScript.Turn write = SimScript.Turn.tools(SimScript.ToolCall.of("write_file",
                Map.of("path", "report.txt", "content", report)));
        SimScript.Turn done = SimScript.Turn.text("Report written.");
        sim.registerScript(new SimScript("primary", List.of(read, write.withFault("stall:after=2"), done)));
        sim.registerScript(new SimScript("backup", List.of(read, write, done)));
        Files.writeString(e2e.workspace.resolve("notes.txt"), "rivers in winter\n");
        e2e.config("scripted:primary", WireApi.CHAT_COMPLETIONS, "",
                e2e.fallback("scripted:backup", WireApi.ANTHROPIC_MESSAGES));

        long t0 = System.nanoTime();
        CliRun run = e2e.chat("write the report", "--format", "stream-json");
        long ms = (System.nanoTime() - t0) / 1_000_000;

        assertThat(run.exit()).as(run.err()).isEqualTo(ExitCodes.OK);
        assertThat(e2e.workspace.resolve("report.txt")).hasContent(report);
        assertThat(events(run.out(), "final")).singleElement()
                .satisfies(f -> assertThat(f.path("text").asText()).isEqualTo("Report written."));
        assertThat(events(run.out(), "error")).isEmpty();
        // the write ran once, whole, from the fallback's answer
        assertThat(events(run.out(), "tool_call")).extracting(c -> c.path("name").asText() + " " + c.path("id").asText())
                .containsExactly("read_file call_sim_0_0", "write_file toolu_sim_1_0");

        List<SimAttempt> primary = e2e.calls("scripted:primary");
        List<SimAttempt> stalled = primary.stream().filter(a -> a.fault().endsWith("turn 2 stall:after=2")).toList();
        assertThat(stalled).isNotEmpty().hasSizeLessThanOrEqualTo(2)
                .allSatisfy(a -> assertThat(a.outcome()).isEqualTo("stalled after 2 chunks"));
        assertThat(e2e.calls("scripted:backup")).singleElement().satisfies(a -> {
            assertThat(a.fault()).isEqualTo("scripted:backup turn 2");
            assertThat(a.outcome()).isEqualTo("completed");
        });
        // the last turn is the primary's again: the stall did not bench it
        assertThat(primary.getLast().fault()).isEqualTo("scripted:primary turn 3");
        // a stall is noticed by the 0.2 s content idle timer: two stalls and backoff are well under this
        assertThat(ms).isLessThan(8_000);
        List<JsonNode> attempts = ofType(e2e.session(e2e.onlySession()), "attempt");
        assertThat(attempts).extracting(a -> a.path("reason").asText()).contains("stall", "answered");
    }
}

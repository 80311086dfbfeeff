package dev.hermes.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hermes.exit.ExitCodes;
import dev.hermes.provider.WireApi;
import dev.hermes.sim.SimAttempt;
import dev.hermes.sim.SimScript;
import dev.hermes.sim.SimServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static dev.hermes.cli.AgentE2E.events;
import static dev.hermes.cli.AgentE2E.ofType;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 4's main scenario through {@code hermes chat}: the simulator's scripted model reads,
 * patches and writes files and runs a command; the files end up on disk, stdout is the final
 * answer once, the session is recorded, and {@code --resume} continues it with its history.
 */
@Timeout(60)
class AgentTaskE2ETest {

    static final String ANSWER = "Patched notes.txt, wrote out/summary.txt and combined.txt.";
    static final String RESUMED = "Earlier I marked notes.txt as done.";

    /** The task as a script; shared with the process-level test (AgentSessionIT). */
    static SimScript task(String name) {
        return new SimScript(name, List.of(
                SimScript.Turn.tools(SimScript.ToolCall.of("read_file", Map.of("path", "notes.txt")),
                        SimScript.ToolCall.of("list_dir", Map.of())),
                SimScript.Turn.tools(SimScript.ToolCall.of("patch", Map.of("path", "notes.txt",
                        "old_string", "status: todo", "new_string", "status: done"))),
                SimScript.Turn.tools(SimScript.ToolCall.of("write_file", Map.of("path", "out/summary.txt",
                        "content", "notes patched\n"))),
                SimScript.Turn.tools(SimScript.ToolCall.of("terminal", Map.of("command",
                        "cat notes.txt out/summary.txt > combined.txt && wc -l < combined.txt"))),
                SimScript.Turn.text(ANSWER),
                SimScript.Turn.text(RESUMED)));
    }

    static final String NOTES = "title: draft\nstatus: todo\n";

    private SimServer sim;
    private AgentE2E e2e;

    @BeforeEach
    void start(@TempDir Path temp) throws Exception {
        sim = SimServer.start();
        e2e = new AgentE2E(temp, sim);
        sim.registerScript(task("task"));
        Files.writeString(e2e.workspace.resolve("notes.txt"), NOTES);
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    @ParameterizedTest
    @EnumSource(WireApi.class)
    void multiStepTaskLeavesTheFilesOnDiskAndAResumedSessionContinuesWithItsHistory(WireApi wire) throws Exception {
        e2e.config("scripted:task", wire, "");

        CliRun run = e2e.chat("Mark the notes done and summarise", "--yolo");

        assertThat(run.exit()).as(run.err()).isEqualTo(ExitCodes.OK);
        assertThat(run.out()).isEqualTo(ANSWER + "\n");
        assertThat(run.err()).contains("-> read_file", "-> patch", "-> write_file", "-> terminal");
        Path ws = e2e.workspace;
        assertThat(ws.resolve("notes.txt")).hasContent("title: draft\nstatus: done\n");
        assertThat(ws.resolve("out/summary.txt")).hasContent("notes patched\n");
        assertThat(ws.resolve("combined.txt")).hasContent("title: draft\nstatus: done\nnotes patched\n");

        List<SimAttempt> calls = e2e.calls("scripted:task");
        assertThat(calls).extracting(SimAttempt::fault).containsExactly("scripted:task turn 1", "scripted:task turn 2",
                "scripted:task turn 3", "scripted:task turn 4", "scripted:task turn 5");
        assertThat(calls).allSatisfy(a -> {
            assertThat(a.prefill()).isFalse();
            assertThat(a.outcome()).isEqualTo("completed");
            assertThat(a.wire()).isEqualTo(wire.configName());
        });

        String id = e2e.onlySession();
        List<JsonNode> lines = e2e.session(id);
        assertThat(ofType(lines, "tool_call")).extracting(l -> l.path("name").asText())
                .containsExactly("read_file", "list_dir", "patch", "write_file", "terminal");
        List<JsonNode> results = ofType(lines, "tool_result");
        assertThat(results).hasSize(5).allSatisfy(r -> assertThat(r.path("is_error").asBoolean()).as(r.toString()).isFalse());
        assertThat(results.get(0).path("content").asText()).contains("status: todo");
        assertThat(results.get(4).path("content").asText()).contains("3", "[exit code: 0]");
        assertThat(ofType(lines, "outcome")).singleElement().satisfies(o -> assertThat(o.path("kind").asText()).isEqualTo("answered"));

        // --resume: the request carries the whole history, so the script lands on its next turn
        CliRun resumed = e2e.chat("What did you change?", "--resume", id, "--format", "stream-json");

        assertThat(resumed.exit()).as(resumed.err()).isEqualTo(ExitCodes.OK);
        JsonNode fin = events(resumed.out(), "final").getFirst();
        assertThat(events(resumed.out(), "final")).hasSize(1);
        assertThat(events(resumed.out(), "error")).isEmpty();
        assertThat(fin.path("text").asText()).isEqualTo(RESUMED);
        assertThat(fin.path("session").asText()).isEqualTo(id);
        List<SimAttempt> after = e2e.calls("scripted:task");
        assertThat(after).hasSize(6);
        SimAttempt last = after.getLast();
        assertThat(last.fault()).isEqualTo("scripted:task turn 6");
        // the previous request's messages, its answer, and the new question
        assertThat(last.messages()).isEqualTo(calls.getLast().messages() + 2);
        List<JsonNode> all = e2e.session(id);
        assertThat(ofType(all, "meta")).extracting(m -> m.path("event").asText()).containsExactly("start", "resume");
        assertThat(ofType(all, "message")).filteredOn(m -> m.path("role").asText().equals("user"))
                .extracting(m -> m.path("content").get(0).path("text").asText())
                .containsExactly("Mark the notes done and summarise", "What did you change?");
        assertThat(ofType(all, "outcome")).hasSize(2);
    }
}

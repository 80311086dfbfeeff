package dev.hermes.it;

import dev.hermes.provider.WireApi;
import dev.hermes.sim.SimAttempt;
import dev.hermes.sim.SimScript;
import dev.hermes.sim.SimServer;
import dev.hermes.testing.HermesProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The multi-step agent task through the real launcher, as a user runs it: bin/hermes chat -q --yolo. */
class AgentSessionIT {

    private static final String ANSWER = "Marked the notes done and recorded the line count.";

    @Test
    void aMultiStepTaskThroughBinHermesLeavesTheFilesOnDisk(@TempDir Path temp) throws Exception {
        Path home = Files.createDirectories(temp.resolve("home"));
        Path ws = Files.createDirectories(temp.resolve("ws"));
        Files.writeString(ws.resolve("notes.txt"), "title: draft\nstatus: todo\n");
        try (SimServer sim = SimServer.start()) {
            sim.registerScript(new SimScript("task", List.of(
                    SimScript.Turn.tools(SimScript.ToolCall.of("read_file", Map.of("path", "notes.txt"))),
                    SimScript.Turn.tools(SimScript.ToolCall.of("patch", Map.of("path", "notes.txt",
                            "old_string", "status: todo", "new_string", "status: done"))),
                    SimScript.Turn.tools(SimScript.ToolCall.of("terminal", Map.of("command", "wc -l < notes.txt > count.txt"))),
                    SimScript.Turn.tools(SimScript.ToolCall.of("write_file", Map.of("path", "out/done.txt", "content", "ok\n"))),
                    SimScript.Turn.text(ANSWER))));
            Files.writeString(home.resolve("config.yaml"), "model: {provider: custom, default: \"scripted:task\", base_url: "
                    + sim.anthropicBaseUrl() + ", api_mode: " + WireApi.ANTHROPIC_MESSAGES.configName() + "}\n");

            HermesProcess.Result r = HermesProcess.run(temp, Map.of("HERMES_HOME", home.toString()), Duration.ofSeconds(60),
                    "chat", "-q", "mark the notes done", "--workspace", ws.toString(), "--yolo");

            assertThat(r.exit()).as(r.err()).isZero();
            assertThat(r.out()).isEqualTo(ANSWER + "\n");
            assertThat(ws.resolve("notes.txt")).hasContent("title: draft\nstatus: done\n");
            assertThat(ws.resolve("count.txt")).hasContent("2\n");
            assertThat(ws.resolve("out/done.txt")).hasContent("ok\n");
            assertThat(sim.attempts()).extracting(SimAttempt::outcome).containsExactly(
                    "completed", "completed", "completed", "completed", "completed");
            try (var sessions = Files.list(home.resolve("sessions"))) {
                assertThat(sessions.filter(f -> f.toString().endsWith(".jsonl")).toList()).singleElement()
                        .satisfies(s -> assertThat(Files.readString(s)).contains("\"kind\":\"answered\""));
            }
        }
    }
}

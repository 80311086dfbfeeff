package dev.hermes.it;

import dev.hermes.provider.WireApi;
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
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** A session killed with SIGKILL mid-task loses at most the message in flight, and resumes from there. */
class SessionCrashIT {

    @Test
    void aSigkilledSessionResumesWithEverythingButTheMessageInFlight(@TempDir Path temp) throws Exception {
        Path home = Files.createDirectories(temp.resolve("home"));
        Path ws = Files.createDirectories(temp.resolve("ws"));
        try (SimServer sim = SimServer.start()) {
            sim.registerScript(new SimScript("steps", List.of(
                    SimScript.Turn.tools(SimScript.ToolCall.of("write_file", Map.of("path", "a.txt", "content", "one"))),
                    SimScript.Turn.tools(SimScript.ToolCall.of("write_file", Map.of("path", "b.txt", "content", "two"))),
                    // the third model call hangs the first time: that is when the process is killed
                    SimScript.Turn.text("Finished.").withFault("slow-first-token:delay_ms=60000,times=1"))));
            Files.writeString(home.resolve("config.yaml"), "model: {provider: custom, default: \"scripted:steps\", base_url: "
                    + sim.anthropicBaseUrl() + ", api_mode: " + WireApi.ANTHROPIC_MESSAGES.configName() + "}\n");
            Map<String, String> env = Map.of("HERMES_HOME", home.toString());

            Process p = HermesProcess.start(temp, env, temp.resolve("out1.txt"), temp.resolve("err1.txt"),
                    "chat", "-q", "write both files", "--workspace", ws.toString(), "--toolsets", "file");
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (sim.attempts().size() < 3 && System.nanoTime() < deadline) Thread.sleep(20);
            assertThat(sim.attempts()).as(Files.readString(temp.resolve("err1.txt"))).hasSize(3);
            p.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            p.waitFor();

            Path session;
            try (Stream<Path> s = Files.list(home.resolve("sessions"))) {
                session = s.filter(f -> f.toString().endsWith(".jsonl")).findFirst().orElseThrow();
            }
            String id = session.getFileName().toString().replace(".jsonl", "");
            assertThat(Files.readString(session)).contains("a.txt", "b.txt").doesNotContain("Finished.");
            assertThat(ws.resolve("a.txt")).hasContent("one");
            assertThat(ws.resolve("b.txt")).hasContent("two");

            HermesProcess.Result resumed = HermesProcess.run(temp, env, Duration.ofSeconds(60),
                    "chat", "--resume", id, "-q", "carry on", "--workspace", ws.toString(), "--toolsets", "file");

            assertThat(resumed.exit()).as(resumed.err()).isZero();
            assertThat(resumed.out()).isEqualTo("Finished.\n");
            // The resumed request carried both earlier tool calls and results: the script's third turn.
            assertThat(sim.attempts()).hasSize(4);
            assertThat(sim.attempts().get(3).messages()).isGreaterThan(sim.attempts().get(2).messages());
        }
    }
}

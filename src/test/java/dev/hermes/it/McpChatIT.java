package dev.hermes.it;

import dev.hermes.mcp.MisbehavingServerMain;
import dev.hermes.provider.WireApi;
import dev.hermes.sim.SimAttempt;
import dev.hermes.sim.SimScript;
import dev.hermes.sim.SimServer;
import dev.hermes.testing.HermesProcess;
import dev.hermes.testing.NpmMcpServers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * MCP tools through the real launcher: the simulator's scripted model calls the npm filesystem
 * server's read_text_file and a misbehaving server's tool that hangs; the first answers, the
 * second ends with a clear tool error within its timeout, the agent finishes, and no server
 * process is left when bin/hermes has exited.
 */
@Timeout(300)
class McpChatIT {

    private static final String ANSWER = "The notes say the status is done; the slow server did not answer.";

    @Test
    void theModelCallsMcpToolsAndAHangingServerEndsWithAToolError(@TempDir Path temp) throws Exception {
        Path home = Files.createDirectories(temp.resolve("home"));
        Path ws = Files.createDirectories(temp.resolve("ws")).toRealPath();
        Files.writeString(ws.resolve("notes.txt"), "status: done\n");
        List<String> fs = NpmMcpServers.command(NpmMcpServers.FILESYSTEM, ws.toString());
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        try (SimServer sim = SimServer.start()) {
            sim.registerScript(new SimScript("mcp", List.of(
                    SimScript.Turn.tools(SimScript.ToolCall.of("mcp_files_read_text_file", Map.of("path", ws.resolve("notes.txt").toString()))),
                    SimScript.Turn.tools(SimScript.ToolCall.of("mcp_slow_hang", Map.of())),
                    SimScript.Turn.text(ANSWER))));
            Files.writeString(home.resolve("config.yaml"), "model: {provider: custom, default: \"scripted:mcp\", base_url: "
                    + sim.chatCompletionsBaseUrl() + ", api_mode: " + WireApi.CHAT_COMPLETIONS.configName() + "}\n"
                    + "mcp_servers:\n"
                    + "  files:\n"
                    + "    command: " + fs.getFirst() + "\n"
                    + "    args: [\"" + fs.get(1) + "\", \"" + fs.get(2) + "\"]\n"
                    + "  slow:\n"
                    + "    command: " + java + "\n"
                    + "    args: [\"-cp\", \"" + System.getProperty("java.class.path") + "\", \""
                    + MisbehavingServerMain.class.getName() + "\", \"ok\", \"" + temp + "\"]\n"
                    + "    timeout: 2\n");

            long start = System.nanoTime();
            HermesProcess.Result r = HermesProcess.run(temp, Map.of("HERMES_HOME", home.toString(),
                            "OPENROUTER_API_KEY", "sk-or-not-for-servers"), Duration.ofSeconds(120),
                    "chat", "-q", "what do the notes say?", "--workspace", ws.toString());

            assertThat(r.exit()).as(r.err()).isZero();
            assertThat(r.out()).isEqualTo(ANSWER + "\n");
            assertThat(r.err()).contains("-> mcp_files_read_text_file", "ok mcp_files_read_text_file", "x mcp_slow_hang",
                    "did not answer the call to hang within 2 s");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(60));
            assertThat(sim.attempts()).extracting(SimAttempt::outcome).containsExactly("completed", "completed", "completed");
            try (var sessions = Files.list(home.resolve("sessions"))) {
                // the session's .jsonl file (its lock file lies beside it)
                String session = Files.readString(sessions.filter(f -> f.toString().endsWith(".jsonl")).findFirst().orElseThrow());
                assertThat(session).contains("status: done", "\"kind\":\"answered\"");
            }
        }
        // both servers (the slow one was killed after its timeout) are gone with the session
        assertThat(ProcessHandle.allProcesses().filter(p -> p.info().commandLine().orElse("").contains(temp.toString())))
                .as("server processes left behind").isEmpty();
    }
}

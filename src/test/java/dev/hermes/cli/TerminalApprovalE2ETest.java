package dev.hermes.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hermes.exit.ExitCodes;
import dev.hermes.provider.WireApi;
import dev.hermes.sim.SimScript;
import dev.hermes.sim.SimServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Terminal commands in a non-interactive run: the agent.terminal_allow list decides, without --yolo. */
class TerminalApprovalE2ETest {

    @TempDir
    Path temp;

    private SimServer sim;
    private AgentE2E e2e;

    @BeforeEach
    void start() throws Exception {
        sim = SimServer.start();
        e2e = new AgentE2E(temp, sim);
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    @Test
    void commandsOnTheConfiguredAllowListRunAndOthersAreRefusedWithAClearMessage() throws Exception {
        sim.registerScript(new SimScript("shell", List.of(
                SimScript.Turn.tools(SimScript.ToolCall.of("terminal", Map.of("command", "touch allowed.txt"))),
                SimScript.Turn.tools(SimScript.ToolCall.of("terminal", Map.of("command", "rm -f allowed.txt"))),
                SimScript.Turn.text("done"))));
        e2e.config("scripted:shell", WireApi.ANTHROPIC_MESSAGES, "agent: {terminal_allow: [touch, \"re:^echo .*\"]}\n");

        CliRun run = e2e.chat("make a file", "--format", "stream-json");

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(e2e.workspace.resolve("allowed.txt")).exists();
        List<JsonNode> results = AgentE2E.events(run.out(), "tool_result");
        assertThat(results).hasSize(2);
        assertThat(results.get(0).path("is_error").asBoolean()).isFalse();
        assertThat(results.get(1).path("is_error").asBoolean()).isTrue();
        assertThat(results.get(1).path("content").asText()).contains("--yolo");
    }

    @Test
    void aBadAllowRuleIsAConfigurationErrorNamingTheKey() throws Exception {
        e2e.config("healthy", WireApi.ANTHROPIC_MESSAGES, "agent: {terminal_allow: [\"re:([unclosed\"]}\n");

        CliRun run = e2e.chat("hello");

        assertThat(run.exit()).isEqualTo(ExitCodes.CONFIG);
        assertThat(run.err()).contains("agent.terminal_allow", "config.yaml:");
        assertThat(Files.list(e2e.workspace)).isEmpty();
    }
}

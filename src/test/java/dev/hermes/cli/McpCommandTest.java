package dev.hermes.cli;

import dev.hermes.exit.ExitCodes;
import dev.hermes.config.Environment;
import dev.hermes.mcp.MisbehavingServerMain;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code hermes mcp list}: each configured server, whether it starts, and its tools. */
class McpCommandTest {

    private static String server(String name, String mode) {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return "  " + name + ":\n    command: " + java + "\n    args: [\"-cp\", \"" + System.getProperty("java.class.path")
                + "\", \"" + MisbehavingServerMain.class.getName() + "\", \"" + mode + "\"]\n    connect_timeout: 3\n";
    }

    @Test
    void listsServersWithTheirToolsAndSaysWhichDidNotStart(@TempDir Path home) throws Exception {
        Files.writeString(home.resolve("config.yaml"), "mcp_servers:\n" + server("good", "ok") + server("mute", "silent"));

        CliRun run = CliRun.run(new Environment(Map.of("HERMES_HOME", home.toString()), home), "mcp", "list");

        assertThat(run.exit()).as(run.err()).isEqualTo(ExitCodes.PROVIDER_FAILURE);
        assertThat(run.out()).contains("good  stdio  ", "started; 7 tools (toolset mcp-good)",
                "  mcp_good_echo  Echoes text", "mute  stdio  ",
                "did not start: MCP server 'mute' did not answer initialize and tools/list within 3 s");
    }

    @Test
    void saysWhenNoneAreConfigured(@TempDir Path home) {
        CliRun run = CliRun.run(new Environment(Map.of("HERMES_HOME", home.toString()), home), "mcp", "list");
        assertThat(run.exit()).isZero();
        assertThat(run.out()).contains("no MCP servers configured");
    }
}

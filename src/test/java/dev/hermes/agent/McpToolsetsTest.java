package dev.hermes.agent;

import dev.hermes.log.EventLog;
import dev.hermes.app.App;
import dev.hermes.config.Configuration;
import dev.hermes.config.Environment;
import dev.hermes.mcp.MisbehavingServerMain;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Which MCP servers a session starts and offers: --toolsets, platform_toolsets.cli, and servers that do not start. */
class McpToolsetsTest {

    private static String server(String name, String mode) {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return "  " + name + ":\n    command: " + java + "\n    args: [\"-cp\", \"" + System.getProperty("java.class.path")
                + "\", \"" + MisbehavingServerMain.class.getName() + "\", \"" + mode + "\"]\n    connect_timeout: 20\n";
    }

    private static List<String> tools(Path temp, String extraConfig, List<String> toolsets, StringWriter err) throws Exception {
        Path home = Files.createDirectories(temp.resolve("home"));
        Files.writeString(home.resolve("config.yaml"), "mcp_servers:\n" + server("one", "ok") + server("two", "exit") + extraConfig);
        Configuration config = Configuration.load(new Environment(Map.of("HERMES_HOME", home.toString()), temp), null);
        AgentOptions options = new AgentOptions("q", AgentOptions.Format.TEXT, null, temp, toolsets, List.of(), null, false, false);
        ModelRoute route = ModelRoute.fixed((request, observer) -> {
            throw new AssertionError("no model call in this test");
        }, "p", "m");
        try (AgentRuntime runtime = AgentRuntime.forCli(config, options, App.newSessionId(), EventLog.NONE, route, new PrintWriter(new StringWriter()),
                new PrintWriter(err, true))) {
            return runtime.loop().setup().tools().names();
        }
    }

    @Test
    void everyServerIsOfferedByDefaultAndOneThatDoesNotStartIsReported(@TempDir Path temp) throws Exception {
        StringWriter err = new StringWriter();
        List<String> names = tools(temp, "", List.of(), err);
        assertThat(names).contains("read_file", "terminal", "mcp_one_echo").noneMatch(n -> n.startsWith("mcp_two_"));
        assertThat(err.toString()).contains("MCP server 'two' exited (code 2)", "going on without its tools");
    }

    @Test
    void toolsetsChooseServers(@TempDir Path temp) throws Exception {
        assertThat(tools(temp, "", List.of("file"), new StringWriter())).contains("read_file").noneMatch(n -> n.startsWith("mcp_"));
        assertThat(tools(temp, "", List.of("mcp-one"), new StringWriter())).containsOnly(
                "mcp_one_echo", "mcp_one_slow", "mcp_one_hang", "mcp_one_crash", "mcp_one_flood", "mcp_one_env", "mcp_one_spawn");
        assertThatThrownBy(() -> tools(temp, "", List.of("mcp-three"), new StringWriter()))
                .hasMessageContaining("unknown toolset 'mcp-three'").hasMessageContaining("mcp-one, mcp-two");
    }

    @Test
    void platformToolsetsOfTheCliApplyWithoutTheFlag(@TempDir Path temp) throws Exception {
        List<String> names = tools(temp, "platform_toolsets:\n  cli: [terminal, mcp-one, hermes-cli]\n", List.of(), new StringWriter());
        assertThat(names).contains("terminal", "mcp_one_echo").doesNotContain("read_file");
        // the original's example says [hermes-cli]: its full tool set, not an error
        assertThat(tools(temp.resolve("x"), "platform_toolsets:\n  cli: [hermes-cli]\n", List.of(), new StringWriter()))
                .contains("read_file", "terminal", "mcp_one_echo");
    }
}

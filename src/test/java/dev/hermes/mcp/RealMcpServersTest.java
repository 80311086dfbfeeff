package dev.hermes.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hermes.config.McpServerConfig;
import dev.hermes.tools.Tool;
import dev.hermes.tools.ToolOutcome;
import dev.hermes.testing.NpmMcpServers;
import dev.hermes.util.Json;
import dev.hermes.util.MonotonicClock;
import dev.hermes.util.Origin;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The reference servers from npm ({@link NpmMcpServers}), run with the machine's Node: the
 * filesystem server and the everything server over stdio, and the everything server over
 * streamable HTTP.
 */
@Timeout(300) // the first run installs the servers from npm
class RealMcpServersTest {

    private static McpServerConfig stdio(String name, List<String> command, Map<String, String> env) {
        return new McpServerConfig(name, command.getFirst(), command.subList(1, command.size()), env, null, Map.of(),
                Duration.ofSeconds(30), Duration.ofSeconds(60), Origin.DEFAULT);
    }

    private static McpServers start(McpServerConfig config) throws InterruptedException {
        McpServers servers = McpServers.start(List.of(config), Servers.environment(), MonotonicClock.SYSTEM);
        assertThat(servers.started().getFirst().error()).isNull();
        return servers;
    }

    private static ToolOutcome call(McpServers servers, String tool, Map<String, Object> args) throws InterruptedException {
        return servers.started().getFirst().server().call(tool, args, () -> false, () -> { });
    }

    @Test
    void theFilesystemServerReadsAndListsFilesInItsAllowedDirectory(@TempDir Path dir) throws Exception {
        Path root = dir.toRealPath();
        Files.writeString(root.resolve("notes.txt"), "status: done\n");
        try (McpServers servers = start(stdio("fs", NpmMcpServers.command(NpmMcpServers.FILESYSTEM, root.toString()), Map.of()))) {
            List<Tool> tools = servers.toolsets().get("mcp-fs");
            assertThat(tools).extracting(Tool::name).contains("mcp_fs_read_text_file", "mcp_fs_list_directory", "mcp_fs_write_file");
            JsonNode schema = Json.MAPPER.readTree(tools.stream().filter(t -> t.name().equals("mcp_fs_read_text_file"))
                    .findFirst().orElseThrow().definition().parametersSchemaJson());
            assertThat(schema.path("properties").has("path")).isTrue();

            assertThat(call(servers, "read_text_file", Map.of("path", root.resolve("notes.txt").toString())).content())
                    .contains("status: done");
            assertThat(call(servers, "list_directory", Map.of("path", root.toString())).content()).contains("notes.txt");
            ToolOutcome outside = call(servers, "read_text_file", Map.of("path", "/etc/passwd"));
            assertThat(outside.isError()).isTrue();
            assertThat(outside.content()).containsIgnoringCase("denied");
        }
    }

    @Test
    void theEverythingServerEchoesReturnsStructuredContentAndSeesNoKeys() throws Exception {
        try (McpServers servers = start(stdio("everything", NpmMcpServers.command(NpmMcpServers.EVERYTHING, "stdio"),
                Map.of("EVERYTHING_MODE", "test")))) {
            assertThat(call(servers, "echo", Map.of("message", "hello mcp")).content()).contains("hello mcp");
            ToolOutcome weather = call(servers, "get-structured-content", Map.of("location", "Chicago"));
            assertThat(weather.isError()).isFalse();
            assertThat(weather.content()).contains("temperature", "humidity");
            String env = call(servers, "get-env", Map.of()).content();
            assertThat(env).contains("EVERYTHING_MODE").doesNotContain("sk-or-must-not-leak", "ghp_nope", "OPENROUTER_API_KEY");
        }
    }

    @Test
    void theEverythingServerOverStreamableHttp() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        ProcessBuilder pb = new ProcessBuilder(NpmMcpServers.command(NpmMcpServers.EVERYTHING, "streamableHttp"))
                .redirectErrorStream(true);
        pb.environment().put("PORT", Integer.toString(port));
        Process node = pb.start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(node.getInputStream(), StandardCharsets.UTF_8));
            String line;
            while ((line = out.readLine()) != null && !line.contains("listening on port")) {
                // wait until it listens
            }
            assertThat(line).as("the server said it listens").isNotNull();
            Thread drain = Thread.ofVirtual().start(() -> out.lines().forEach(l -> { }));
            var config = new McpServerConfig("web", null, List.of(), Map.of(), URI.create("http://127.0.0.1:" + port + "/mcp"),
                    Map.of("X-Test", "1"), Duration.ofSeconds(30), Duration.ofSeconds(30), Origin.DEFAULT);
            try (McpServers servers = start(config)) {
                assertThat(servers.toolsets().get("mcp-web")).extracting(Tool::name).contains("mcp_web_echo", "mcp_web_get_sum");
                assertThat(call(servers, "get-sum", Map.of("a", 2, "b", 3)).content()).contains("5");
            }
            drain.interrupt();
        } finally {
            node.descendants().forEach(ProcessHandle::destroyForcibly);
            node.destroyForcibly();
        }
    }
}

package dev.hermes.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hermes.tools.ProcessTree;
import dev.hermes.tools.Tool;
import dev.hermes.tools.ToolOutcome;
import dev.hermes.util.Json;
import dev.hermes.util.MonotonicClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** Real server processes ({@link MisbehavingServerMain}) through the SDK: each failure ends in time with a clear error. */
class McpServerTest {

    private static McpServers start(dev.hermes.config.McpServerConfig... configs) throws InterruptedException {
        return McpServers.start(List.of(configs), Servers.environment(), MonotonicClock.SYSTEM);
    }

    private static Tool tool(McpServers servers, String name) {
        return servers.toolsets().values().stream().flatMap(List::stream).filter(t -> t.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no tool " + name));
    }

    private static ToolOutcome call(McpServer server, String tool, Map<String, Object> args) throws InterruptedException {
        return server.call(tool, args, () -> false, () -> { });
    }

    @Test
    void toolsAreOfferedUnderTheOriginalsNamesWithTheirSchemasAndAnswerWithTextAndStructuredContent() throws Exception {
        try (McpServers servers = start(Servers.misbehaving("fake-srv", "ok", Duration.ofSeconds(5), Duration.ofSeconds(20), Map.of()))) {
            assertThat(servers.started().get(0).error()).isNull();
            List<Tool> tools = servers.toolsets().get("mcp-fake-srv");
            assertThat(tools).extracting(Tool::name).contains("mcp_fake_srv_echo", "mcp_fake_srv_hang");
            Tool echo = tool(servers, "mcp_fake_srv_echo");
            assertThat(echo.readOnly()).isTrue();
            JsonNode schema = Json.MAPPER.readTree(echo.definition().parametersSchemaJson());
            assertThat(schema.path("required").get(0).asText()).isEqualTo("text");
            ToolOutcome r = call(servers.started().get(0).server(), "echo", Map.of("text", "hi there"));
            assertThat(r.isError()).isFalse();
            assertThat(r.content()).startsWith("echo: hi there\n");
            assertThat(Json.MAPPER.readTree(r.content().substring(r.content().indexOf('\n') + 1)))
                    .isEqualTo(Json.MAPPER.readTree("{\"echoed\":\"hi there\",\"length\":8}"));
        }
    }

    @Test
    void aServerThatNeverAnswersInitializeFailsWithinItsConnectTimeout() throws Exception {
        long start = System.nanoTime();
        try (McpServers servers = start(Servers.misbehaving("mute", "silent", Duration.ofSeconds(5), Duration.ofSeconds(2), Map.of()))) {
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            McpServers.Started s = servers.started().get(0);
            assertThat(s.ok()).isFalse();
            assertThat(s.error()).contains("'mute'", "did not answer initialize", "mcp_servers.mute.connect_timeout");
            assertThat(took).isLessThan(Duration.ofSeconds(10));
            assertThat(servers.toolsets().get("mcp-mute")).isEmpty();
        }
    }

    @Test
    void aServerThatExitsAtStartFailsAtOnceWithItsExitCodeAndStderr() throws Exception {
        try (McpServers servers = start(Servers.misbehaving("dead", "exit", Duration.ofSeconds(5), Duration.ofSeconds(60), Map.of()))) {
            McpServers.Started s = servers.started().get(0);
            assertThat(s.error()).contains("'dead'", "exited (code 2)", "fatal: cannot open the database");
        }
    }

    @Test
    void aMissingCommandIsNamed() throws Exception {
        var config = new dev.hermes.config.McpServerConfig("ghost", "no-such-mcp-server", List.of(), Map.of(), null, Map.of(),
                Duration.ofSeconds(5), Duration.ofSeconds(60), dev.hermes.util.Origin.DEFAULT);
        try (McpServers servers = start(config)) {
            assertThat(servers.started().get(0).error()).contains("command 'no-such-mcp-server' not found on PATH");
        }
    }

    @Test
    void aCallThatHangsEndsWithinTheTimeoutAndTheNextCallStartsTheServerAgain() throws Exception {
        try (McpServers servers = start(Servers.misbehaving("fake", "ok", Duration.ofSeconds(2), Duration.ofSeconds(20), Map.of()))) {
            McpServer server = servers.started().get(0).server();
            long start = System.nanoTime();
            ToolOutcome r = call(server, "hang", Map.of());
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            assertThat(r.isError()).isTrue();
            assertThat(r.content()).contains("did not answer the call to hang within 2 s", "mcp_servers.fake.timeout");
            assertThat(took).isBetween(Duration.ofSeconds(2), Duration.ofSeconds(8));
            assertThat(call(server, "echo", Map.of("text", "again")).content()).startsWith("echo: again");
        }
    }

    @Test
    void aServerThatCrashesMidCallIsReportedWithItsStderrAndRestarted() throws Exception {
        try (McpServers servers = start(Servers.misbehaving("fake", "ok", Duration.ofSeconds(30), Duration.ofSeconds(20), Map.of()))) {
            McpServer server = servers.started().get(0).server();
            long start = System.nanoTime();
            ToolOutcome r = call(server, "crash", Map.of());
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
            assertThat(r.isError()).isTrue();
            assertThat(r.content()).contains("exited (code 3)", "panic: index out of range", "started again");
            assertThat(call(server, "echo", Map.of("text", "back")).content()).startsWith("echo: back");
        }
    }

    @Test
    void aServerThatFloodsItsOutputEndsWithinTheTimeout() throws Exception {
        try (McpServers servers = start(Servers.misbehaving("fake", "ok", Duration.ofSeconds(2), Duration.ofSeconds(20), Map.of()))) {
            McpServer server = servers.started().get(0).server();
            long start = System.nanoTime();
            ToolOutcome r = call(server, "flood", Map.of());
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(8));
            assertThat(r.isError()).isTrue();
            assertThat(r.content()).contains("'fake'");
        }
    }

    @Test
    void aStdioServerGetsOnlyItsConfiguredEnvironmentAndSafeDefaults() throws Exception {
        try (McpServers servers = start(Servers.misbehaving("fake", "ok", Duration.ofSeconds(5), Duration.ofSeconds(20),
                Map.of("MY_SERVER_TOKEN", "given-on-purpose")))) {
            ToolOutcome r = call(servers.started().get(0).server(), "env", Map.of());
            JsonNode env = Json.MAPPER.readTree(r.content());
            assertThat(env.path("MY_SERVER_TOKEN").asText()).isEqualTo("given-on-purpose");
            assertThat(env.has("PATH")).isTrue();
            assertThat(r.content()).doesNotContain("sk-or-must-not-leak", "ghp_nope", "OPENROUTER_API_KEY", "GITHUB_TOKEN");
        }
    }

    @Test
    void closingTheSessionKillsTheServerAndItsChildren(@TempDir Path dir) throws Exception {
        Path pidFile = dir.resolve("child.pid");
        McpServers servers = start(Servers.misbehaving("fake", "ok", Duration.ofSeconds(5), Duration.ofSeconds(20), Map.of()));
        ToolOutcome r = call(servers.started().get(0).server(), "spawn", Map.of("pid_file", pidFile.toString()));
        assertThat(r.isError()).as(r.content()).isFalse();
        ProcessHandle child = ProcessHandle.of(Long.parseLong(Files.readString(pidFile).trim())).orElseThrow();
        ProcessHandle server = child.parent().orElseThrow();
        servers.close();
        // dead: a killed orphan may stay a zombie until init reaps it, which counts as gone
        assertThat(ProcessTree.alive(child)).as("the server's child").isFalse();
        assertThat(ProcessTree.alive(server)).as("the server").isFalse();
    }

    @Test
    void aLongCallCountsAsActivity() throws Exception {
        try (McpServers servers = start(Servers.misbehaving("fake", "ok", Duration.ofSeconds(10), Duration.ofSeconds(20), Map.of()))) {
            AtomicInteger beats = new AtomicInteger();
            ToolOutcome r = servers.started().get(0).server().call("slow", Map.of("ms", 2500), () -> false, beats::incrementAndGet);
            assertThat(r.content()).isEqualTo("slept");
            assertThat(beats.get()).isGreaterThanOrEqualTo(2);
        }
    }
}

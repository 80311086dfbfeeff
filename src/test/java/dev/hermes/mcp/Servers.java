package dev.hermes.mcp;

import dev.hermes.config.McpServerConfig;
import dev.hermes.util.Origin;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** Configurations of {@link MisbehavingServerMain} as a stdio MCP server, run by this JVM's java. */
final class Servers {

    static McpServerConfig misbehaving(String name, String mode, Duration timeout, Duration connectTimeout,
                                       Map<String, String> env) {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new McpServerConfig(name, java, List.of("-Xshare:auto", "-XX:TieredStopAtLevel=1", "-cp",
                System.getProperty("java.class.path"), MisbehavingServerMain.class.getName(), mode), env, null, Map.of(),
                timeout, connectTimeout, Origin.file(Path.of("config.yaml"), 1));
    }

    static McpServerConfig misbehaving(String mode) {
        return misbehaving("fake", mode, Duration.ofSeconds(3), Duration.ofSeconds(20), Map.of());
    }

    /** Our environment as the servers see it: the machine's PATH, and a key that must not pass. */
    static Map<String, String> environment() {
        return Map.of("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"), "HOME",
                System.getProperty("user.home"), "OPENROUTER_API_KEY", "sk-or-must-not-leak", "GITHUB_TOKEN", "ghp_nope");
    }

    private Servers() {
    }
}

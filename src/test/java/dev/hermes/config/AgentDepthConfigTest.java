package dev.hermes.config;

import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** mcp_servers, compression, auxiliary.compression, model.context_length and platform_toolsets as config.yaml holds them. */
class AgentDepthConfigTest {

    private static final Path FILE = Path.of("/h/config.yaml");

    @Test
    void mcpServersInTheOriginalsShape() {
        HermesConfig c = ConfigLoader.parse(FILE, """
                mcp_servers:
                  github:
                    command: npx
                    args: ["-y", "@modelcontextprotocol/server-github"]
                    env: {GITHUB_PERSONAL_ACCESS_TOKEN: ghp_secret}
                    timeout: 30
                  remote:
                    url: https://mcp.example.com/mcp
                    headers: {Authorization: Bearer abc}
                    connect_timeout: 5
                """);
        McpServerConfig gh = c.mcpServers().get(0), remote = c.mcpServers().get(1);
        assertThat(gh.name()).isEqualTo("github");
        assertThat(gh.stdio()).isTrue();
        assertThat(gh.args()).containsExactly("-y", "@modelcontextprotocol/server-github");
        assertThat(gh.env()).containsEntry("GITHUB_PERSONAL_ACCESS_TOKEN", "ghp_secret");
        assertThat(gh.timeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(gh.connectTimeout()).isEqualTo(McpServerConfig.DEFAULT_CONNECT_TIMEOUT);
        assertThat(remote.url()).isEqualTo(URI.create("https://mcp.example.com/mcp"));
        assertThat(remote.timeout()).isEqualTo(McpServerConfig.DEFAULT_TIMEOUT);
        assertThat(remote.connectTimeout()).isEqualTo(Duration.ofSeconds(5));
        // tokens in env and headers are never shown
        assertThat(c.settings()).filteredOn(s -> s.key().contains(".env.") || s.key().contains(".headers."))
                .hasSize(2).allSatisfy(s -> assertThat(s.display()).isEqualTo(Setting.MASK));
        assertThat(gh.toString()).doesNotContain("ghp_secret");
        assertThat(c.warnings()).isEmpty();
    }

    @Test
    void aServerNeedsExactlyOneOfCommandAndUrl() {
        assertThatThrownBy(() -> ConfigLoader.parse(FILE, "mcp_servers:\n  both:\n    command: x\n    url: http://h/mcp\n"))
                .hasMessageContaining("/h/config.yaml:3").hasMessageContaining("mcp_servers.both: give either command");
        assertThatThrownBy(() -> ConfigLoader.parse(FILE, "mcp_servers:\n  none:\n    timeout: 3\n"))
                .hasMessageContaining("mcp_servers.none");
        assertThatThrownBy(() -> ConfigLoader.parse(FILE, "mcp_servers:\n  s:\n    command: x\n    timeout: soon\n"))
                .hasMessageContaining("/h/config.yaml:4").hasMessageContaining("mcp_servers.s.timeout");
    }

    @Test
    void compressionWithTheOriginalsKeysAndDefaults() {
        CompressionConfig d = ConfigLoader.parse(FILE, "").compression();
        assertThat(d).isEqualTo(CompressionConfig.defaults());
        HermesConfig c = ConfigLoader.parse(FILE, """
                model: {provider: minimax, default: MiniMax-M2.7, context_length: 40000}
                compression: {enabled: true, threshold: 0.25, threshold_tokens: 9000, target_ratio: 0.3,
                              protect_first_n: 2, protect_last_n: 6, max_attempts: 2}
                auxiliary:
                  compression: {provider: openrouter, model: google/gemini-2.5-flash}
                """);
        CompressionConfig k = c.compression();
        assertThat(k.threshold()).isEqualTo(0.25);
        assertThat(k.thresholdTokens()).isEqualTo(9000);
        assertThat(k.targetRatio()).isEqualTo(0.3);
        assertThat(List.of(k.protectFirstN(), k.protectLastN(), k.maxAttempts())).containsExactly(2, 6, 2);
        assertThat(k.contextLength().value()).isEqualTo(40000);
        assertThat(k.auxiliary().provider().value()).isEqualTo("openrouter");
        assertThat(k.auxiliary().model().value()).isEqualTo("google/gemini-2.5-flash");
        assertThat(c.warnings()).isEmpty();
        assertThatThrownBy(() -> ConfigLoader.parse(FILE, "compression:\n  threshold: 1.5\n"))
                .hasMessageContaining("/h/config.yaml:2").hasMessageContaining("compression.threshold")
                .hasMessageContaining("between 0 and 1");
    }

    @Test
    void platformToolsets() {
        HermesConfig c = ConfigLoader.parse(FILE, "platform_toolsets:\n  cli: [file, mcp-github]\n");
        assertThat(c.platformToolsets()).isEqualTo(Map.of("cli", List.of("file", "mcp-github")));
    }
}

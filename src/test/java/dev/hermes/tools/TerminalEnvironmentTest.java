package dev.hermes.tools;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hermes.util.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Terminal commands must not see the user's keys, whatever the model runs. */
class TerminalEnvironmentTest {

    @TempDir
    Path temp;

    @Test
    void commandsDoNotInheritKeysTokensOrSecrets() throws Exception {
        Map<String, String> env = new HashMap<>();
        env.put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
        env.put("OPENAI_API_KEY", "sk-plantedopenaikey000");
        env.put("MINIMAX_CN_API_KEY", "planted-minimax-key");
        env.put("GITHUB_TOKEN", "planted-github-token");
        env.put("AWS_SECRET_ACCESS_KEY", "planted-aws-secret");
        env.put("DB_PASSWORD", "planted-password");
        env.put("HERMES_OAUTH_CREDENTIALS_FILE", "planted-hermes-cred");
        env.put("HARMLESS_SETTING", "visible-value");
        TerminalTool tool = new TerminalTool(Fixture.FAST_TERMINAL, env);
        ToolContext context = ToolContext.of(Workspace.at(temp), ApprovalPolicy.yolo());
        JsonNode args = Json.MAPPER.readTree("{\"command\":\"env; echo \\\"[$OPENAI_API_KEY]\\\"\"}");

        ToolOutcome outcome = tool.run(args, context);

        assertThat(outcome.isError()).isFalse();
        assertThat(outcome.content()).contains("HARMLESS_SETTING=visible-value").contains("[]")
                .doesNotContain("planted").doesNotContain("sk-planted")
                .doesNotContain("OPENAI_API_KEY=").doesNotContain("GITHUB_TOKEN=");
    }

    @Test
    void namesAreMatchedByShape() {
        assertThat(SecretEnv.isSecret("ANTHROPIC_API_KEY")).isTrue();
        assertThat(SecretEnv.isSecret("hf_token")).isTrue();
        assertThat(SecretEnv.isSecret("HERMES_API_KEY_FILE")).isTrue();
        assertThat(SecretEnv.isSecret("CLIENT_SECRET")).isTrue();
        assertThat(SecretEnv.isSecret("PATH")).isFalse();
        assertThat(SecretEnv.isSecret("HERMES_HOME")).isFalse();
        assertThat(SecretEnv.isSecret("TOKENIZERS_PARALLELISM")).isFalse();
    }
}

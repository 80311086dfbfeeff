package dev.hermes.provider;

import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ProviderRegistryTest {
    private final ProviderRegistry registry = ProviderRegistry.builtIn();

    @Test
    void builtInProvidersHaveTheirEndpointsWiresAndKeys() {
        assertThat(registry.spec("openrouter")).isEqualTo(new ProviderSpec("openrouter",
                URI.create("https://openrouter.ai/api/v1"), WireApi.CHAT_COMPLETIONS, AuthStyle.BEARER,
                List.of("OPENROUTER_API_KEY"), false));
        assertThat(registry.spec("openai").keyEnvVars()).containsExactly("OPENAI_API_KEY");
        assertThat(registry.spec("anthropic")).satisfies(s -> {
            assertThat(s.wire()).isEqualTo(WireApi.ANTHROPIC_MESSAGES);
            assertThat(s.auth()).isEqualTo(AuthStyle.X_API_KEY);
        });
        assertThat(registry.spec("minimax")).isEqualTo(new ProviderSpec("minimax",
                URI.create("https://api.minimax.io/anthropic"), WireApi.ANTHROPIC_MESSAGES, AuthStyle.BOTH,
                List.of("MINIMAX_API_KEY"), false));
        assertThat(registry.spec("minimax-cn").baseUrl()).isEqualTo(URI.create("https://api.minimaxi.com/anthropic"));
        assertThat(registry.spec("minimax-cn").keyEnvVars()).containsExactly("MINIMAX_CN_API_KEY");
        assertThat(registry.spec("deepseek").baseUrl()).isEqualTo(URI.create("https://api.deepseek.com/v1"));
        assertThat(registry.spec("zai").keyEnvVars()).containsExactly("ZAI_API_KEY", "GLM_API_KEY");
        assertThat(registry.spec("ollama")).satisfies(s -> {
            assertThat(s.local()).isTrue();
            assertThat(s.auth()).isEqualTo(AuthStyle.NONE);
            assertThat(s.baseUrl()).isEqualTo(URI.create("http://127.0.0.1:11434/v1"));
        });
        assertThat(registry.spec("lmstudio").baseUrl()).isEqualTo(URI.create("http://127.0.0.1:1234/v1"));
        assertThat(registry.spec("custom").baseUrl()).isNull();
    }

    @Test
    void minimaxOauthExplainsWhatToDoInstead() {
        assertThatThrownBy(() -> registry.spec("minimax-oauth"))
                .isInstanceOf(UnknownProviderException.class)
                .hasMessage("provider 'minimax-oauth' is not supported: MiniMax's API no longer accepts OAuth tokens; "
                        + "use `provider: minimax` and set MINIMAX_API_KEY (a Token Plan key, sk-cp-...)");
    }

    @Test
    void unknownProviderListsKnownIds() {
        assertThatThrownBy(() -> registry.spec("opnrouter"))
                .hasMessage("unknown provider 'opnrouter' (known: openrouter, openai, anthropic, minimax, minimax-cn, "
                        + "deepseek, zai, ollama, lmstudio, custom)");
    }
}

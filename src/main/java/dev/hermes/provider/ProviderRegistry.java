package dev.hermes.provider;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The built-in providers. Immutable and thread-safe. Providers not listed here can still be used
 * as {@code custom}, or under any name given a {@code providers.<name>.base_url} in config.yaml.
 */
public final class ProviderRegistry {
    public static final String CUSTOM = "custom";

    private static final ProviderRegistry BUILT_IN = new ProviderRegistry(List.of(
            remote("openrouter", "https://openrouter.ai/api/v1", WireApi.CHAT_COMPLETIONS, AuthStyle.BEARER, "OPENROUTER_API_KEY"),
            remote("openai", "https://api.openai.com/v1", WireApi.CHAT_COMPLETIONS, AuthStyle.BEARER, "OPENAI_API_KEY"),
            remote("anthropic", "https://api.anthropic.com", WireApi.ANTHROPIC_MESSAGES, AuthStyle.X_API_KEY, "ANTHROPIC_API_KEY"),
            // MiniMax's Anthropic-compatible endpoint has been seen demanding either header: send both.
            remote("minimax", "https://api.minimax.io/anthropic", WireApi.ANTHROPIC_MESSAGES, AuthStyle.BOTH, "MINIMAX_API_KEY"),
            remote("minimax-cn", "https://api.minimaxi.com/anthropic", WireApi.ANTHROPIC_MESSAGES, AuthStyle.BOTH, "MINIMAX_CN_API_KEY"),
            remote("deepseek", "https://api.deepseek.com/v1", WireApi.CHAT_COMPLETIONS, AuthStyle.BEARER, "DEEPSEEK_API_KEY"),
            remote("zai", "https://api.z.ai/api/paas/v4", WireApi.CHAT_COMPLETIONS, AuthStyle.BEARER, "ZAI_API_KEY", "GLM_API_KEY"),
            new ProviderSpec("ollama", URI.create("http://127.0.0.1:11434/v1"), WireApi.CHAT_COMPLETIONS, AuthStyle.NONE, List.of(), true),
            new ProviderSpec("lmstudio", URI.create("http://127.0.0.1:1234/v1"), WireApi.CHAT_COMPLETIONS, AuthStyle.NONE, List.of(), true),
            new ProviderSpec(CUSTOM, null, WireApi.CHAT_COMPLETIONS, AuthStyle.BEARER, List.of(), false)));

    /** Ids that once existed and now fail with an explanation instead of "unknown provider". */
    private static final Map<String, String> RETIRED = Map.of("minimax-oauth",
            "provider 'minimax-oauth' is not supported: MiniMax's API no longer accepts OAuth tokens; "
                    + "use `provider: minimax` and set MINIMAX_API_KEY (a Token Plan key, sk-cp-...)");

    private final Map<String, ProviderSpec> specs;

    private ProviderRegistry(List<ProviderSpec> specs) {
        Map<String, ProviderSpec> m = new LinkedHashMap<>();
        for (ProviderSpec s : specs) m.put(s.id(), s);
        this.specs = m;
    }

    public static ProviderRegistry builtIn() {
        return BUILT_IN;
    }

    private static ProviderSpec remote(String id, String url, WireApi wire, AuthStyle auth, String... keyVars) {
        return new ProviderSpec(id, URI.create(url), wire, auth, List.of(keyVars), false);
    }

    /** The provider, or empty when unknown (retired ids included). */
    public Optional<ProviderSpec> find(String id) {
        return Optional.ofNullable(specs.get(id));
    }

    /**
     * The provider.
     *
     * @throws UnknownProviderException for a retired id (with what to do instead) or an unknown one
     *                                  (listing the known ids)
     */
    public ProviderSpec spec(String id) {
        ProviderSpec s = specs.get(id);
        if (s != null) return s;
        String retired = RETIRED.get(id);
        if (retired != null) throw new UnknownProviderException(retired);
        throw new UnknownProviderException("unknown provider '" + id + "' (known: " + String.join(", ", ids()) + ")");
    }

    /** Known ids in registry order. */
    public Set<String> ids() {
        return specs.keySet();
    }

    /** A retired id's explanation, or null. */
    public String retiredReason(String id) {
        return RETIRED.get(id);
    }
}

package dev.hermes.agent;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Context windows of known models, in tokens, matched by the first entry whose key the model id
 * contains (case ignored; longer, more specific keys come first). Precedence:
 * {@code model.context_length}, then what the provider's model list says (asked only about models
 * this table does not know), then this table, then {@link #DEFAULT}, the original's assumption.
 */
public final class ContextWindow {

    /** What an unknown model is assumed to hold. */
    public static final int DEFAULT = 128_000;

    private static final Map<String, Integer> KNOWN = known();

    private static Map<String, Integer> known() {
        Map<String, Integer> k = new LinkedHashMap<>();
        k.put("claude-opus-4-6", 1_000_000);
        k.put("claude-sonnet-4-5", 1_000_000);
        k.put("claude", 200_000);
        k.put("gpt-4.1", 1_047_576);
        k.put("gpt-5", 400_000);
        k.put("gpt-4o", 128_000);
        k.put("gpt-4-turbo", 128_000);
        k.put("gpt-oss", 131_072);
        k.put("o4-mini", 200_000);
        k.put("o3", 200_000);
        k.put("o1", 200_000);
        k.put("gemini", 1_048_576);
        k.put("minimax-m1", 1_000_000);
        k.put("minimax", 204_800);
        k.put("deepseek", 128_000);
        k.put("kimi-k2", 262_144);
        k.put("qwen3-coder", 262_144);
        k.put("qwen3", 131_072);
        k.put("glm-4.6", 202_752);
        k.put("glm-4.5", 131_072);
        k.put("grok-4", 256_000);
        k.put("grok-code", 256_000);
        k.put("llama-4", 1_000_000);
        k.put("llama-3", 131_072);
        k.put("mistral-large", 131_072);
        k.put("codestral", 256_000);
        k.put("hermes-4", 131_072);
        return k;
    }

    private ContextWindow() {
    }

    /** The window of {@code model} from the table, or {@link #DEFAULT}. */
    public static int of(String model) {
        Integer w = lookup(model);
        return w == null ? DEFAULT : w;
    }

    /** True when the table knows the model. */
    public static boolean known(String model) {
        return lookup(model) != null;
    }

    private static Integer lookup(String model) {
        String m = model.toLowerCase(Locale.ROOT);
        for (Map.Entry<String, Integer> e : KNOWN.entrySet()) {
            if (m.contains(e.getKey())) return e.getValue();
        }
        return null;
    }

    /** The window: the override when given, else the provider's word, else the table. */
    public static int resolve(String model, Integer override, Integer providerSays) {
        if (override != null && override > 0) return override;
        if (providerSays != null && providerSays > 0) return providerSays;
        return of(model);
    }
}

package dev.hermes.agent;

import java.util.Objects;

/**
 * Limits of the conversation loop. Immutable.
 *
 * @param model              the primary model id put in requests (the caller replaces it per route)
 * @param maxTokens          output budget per call, or null for the provider's default
 * @param maxTurns           model calls per user message before the loop stops ({@code agent.max_turns})
 * @param maxContinuations   times an answer cut by the output limit is continued (default 4)
 * @param maxToolCallRetries times a response whose tool call was cut is asked for again, each
 *                           time with twice the output budget (default 4)
 * @param loopGuard          the same failing tool call (same tool, same arguments) may fail this
 *                           many times in one run before the loop stops (default 3)
 */
public record AgentSettings(String model, Integer maxTokens, int maxTurns, int maxContinuations,
                            int maxToolCallRetries, int loopGuard) {

    public static final int DEFAULT_MAX_CONTINUATIONS = 4;
    public static final int DEFAULT_MAX_TOOL_CALL_RETRIES = 4;
    public static final int DEFAULT_LOOP_GUARD = 3;

    public AgentSettings {
        Objects.requireNonNull(model, "model");
        if (maxTurns < 1) throw new IllegalArgumentException("max turns must be at least 1, got " + maxTurns);
        if (maxContinuations < 0) throw new IllegalArgumentException("max continuations must not be negative");
        if (maxToolCallRetries < 0) throw new IllegalArgumentException("max tool-call retries must not be negative");
        if (loopGuard < 1) throw new IllegalArgumentException("loop guard must be at least 1, got " + loopGuard);
        if (maxTokens != null && maxTokens < 1) throw new IllegalArgumentException("max tokens must be positive");
    }

    public static AgentSettings defaults(String model, int maxTurns) {
        return new AgentSettings(model, null, maxTurns, DEFAULT_MAX_CONTINUATIONS, DEFAULT_MAX_TOOL_CALL_RETRIES,
                DEFAULT_LOOP_GUARD);
    }

    public AgentSettings withModel(String other) {
        return new AgentSettings(other, maxTokens, maxTurns, maxContinuations, maxToolCallRetries, loopGuard);
    }

    public AgentSettings withMaxTokens(Integer other) {
        return new AgentSettings(model, other, maxTurns, maxContinuations, maxToolCallRetries, loopGuard);
    }
}

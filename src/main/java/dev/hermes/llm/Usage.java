package dev.hermes.llm;

/** Token counts reported by a provider. Zero means "not reported". */
public record Usage(long inputTokens, long outputTokens, long cacheReadTokens, long cacheWriteTokens,
                    long reasoningTokens) {

    public static final Usage ZERO = new Usage(0, 0, 0, 0, 0);

    public static Usage of(long inputTokens, long outputTokens) {
        return new Usage(inputTokens, outputTokens, 0, 0, 0);
    }

    /**
     * Folds a later report from the same response into this one. Providers send cumulative counts
     * in pieces (Anthropic: input at message_start, output at message_delta), so a field reported
     * later replaces the earlier value, and a field not reported keeps it.
     */
    public Usage update(Usage later) {
        return new Usage(
                later.inputTokens != 0 ? later.inputTokens : inputTokens,
                later.outputTokens != 0 ? later.outputTokens : outputTokens,
                later.cacheReadTokens != 0 ? later.cacheReadTokens : cacheReadTokens,
                later.cacheWriteTokens != 0 ? later.cacheWriteTokens : cacheWriteTokens,
                later.reasoningTokens != 0 ? later.reasoningTokens : reasoningTokens);
    }

    /** Sums usage across separate responses (several attempts, several turns). */
    public Usage plus(Usage other) {
        return new Usage(inputTokens + other.inputTokens, outputTokens + other.outputTokens,
                cacheReadTokens + other.cacheReadTokens, cacheWriteTokens + other.cacheWriteTokens,
                reasoningTokens + other.reasoningTokens);
    }
}

package dev.hermes.agent;

import dev.hermes.llm.ContentBlock;
import dev.hermes.llm.Message;
import dev.hermes.llm.ToolDefinition;
import dev.hermes.llm.Usage;

import java.util.List;

/**
 * Estimates how many tokens a request takes, locally (about four characters a token, plus a
 * little per message), and corrects the estimate by what the provider reports: after each
 * response the ratio of its reported prompt size to our raw estimate of that same request scales
 * later estimates. Not thread-safe; one per loop.
 */
final class TokenCounter {

    static final int CHARS_PER_TOKEN = 4;
    /** Role and framing tokens every message costs besides its content. */
    static final int PER_MESSAGE = 4;
    /** The correction is bounded: one odd report must not make compression fire always or never. */
    static final double MIN_FACTOR = 0.5;
    static final double MAX_FACTOR = 4.0;

    private double factor = 1.0;

    /** The corrected estimate of a request's prompt. */
    long estimate(List<Message> messages, List<ToolDefinition> tools) {
        return Math.round(raw(messages, tools) * factor);
    }

    /** Learns from a response: {@code rawEstimate} is {@link #raw} of the request it answered. */
    void observe(long rawEstimate, Usage reported) {
        long prompt = promptTokens(reported);
        if (prompt <= 0 || rawEstimate <= 0) return;
        factor = Math.max(MIN_FACTOR, Math.min(MAX_FACTOR, (double) prompt / rawEstimate));
    }

    double factor() {
        return factor;
    }

    /**
     * The prompt size a provider reported. OpenAI-style input counts include cached tokens;
     * Anthropic counts cache reads and writes apart from input, which shows as cache writes, or as
     * cache reads larger than the input itself.
     */
    static long promptTokens(Usage u) {
        boolean apart = u.cacheWriteTokens() > 0 || u.cacheReadTokens() > u.inputTokens();
        return apart ? u.inputTokens() + u.cacheReadTokens() + u.cacheWriteTokens() : u.inputTokens();
    }

    static long raw(List<Message> messages, List<ToolDefinition> tools) {
        long chars = 0;
        for (Message m : messages) chars += chars(m) + (long) PER_MESSAGE * CHARS_PER_TOKEN;
        for (ToolDefinition t : tools) chars += t.name().length() + t.description().length() + t.parametersSchemaJson().length();
        return (chars + CHARS_PER_TOKEN - 1) / CHARS_PER_TOKEN;
    }

    static long raw(Message m) {
        return (chars(m) + (long) PER_MESSAGE * CHARS_PER_TOKEN + CHARS_PER_TOKEN - 1) / CHARS_PER_TOKEN;
    }

    private static long chars(Message m) {
        long chars = 0;
        for (ContentBlock b : m.content()) {
            chars += switch (b) {
                case ContentBlock.Text t -> t.text().length();
                case ContentBlock.Reasoning r -> r.text().length();
                case ContentBlock.ToolUse u -> u.name().length() + u.argumentsJson().length() + u.id().length();
                case ContentBlock.ToolResult r -> r.content().length() + r.toolUseId().length();
            };
        }
        return chars;
    }
}

package dev.hermes.agent;

import dev.hermes.tools.Tool;

import java.util.List;
import java.util.Objects;

/**
 * What a caller adds to an agent run beyond the chosen toolsets: a kanban worker adds its task
 * tools, its instructions, and a hook that turns tool activity into lease heartbeats.
 *
 * @param tools        extra tools, offered after the toolsets' own
 * @param systemPrompt extra system prompt text, or null
 * @param onActivity   called (rate-limited by the tools) while tools work; must be cheap and never throw
 */
public record Extensions(List<Tool> tools, String systemPrompt, Runnable onActivity) {

    public static final Extensions NONE = new Extensions(List.of(), null, () -> { });

    public Extensions {
        tools = List.copyOf(tools);
        Objects.requireNonNull(onActivity, "onActivity");
    }
}

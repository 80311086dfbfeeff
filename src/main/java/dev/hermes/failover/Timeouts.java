package dev.hermes.failover;

import dev.hermes.llm.ChatRequest;
import dev.hermes.llm.ContentBlock;
import dev.hermes.llm.Message;
import dev.hermes.provider.Route;
import dev.hermes.stream.StreamTimeouts;

/** The watchdog timers for one attempt: the route's settings, sized to the request. */
final class Timeouts {

    private Timeouts() {
    }

    static StreamTimeouts forRoute(Route route, ChatRequest request) {
        return route.settings().timeouts(estimateTokens(request));
    }

    /** A rough token count (4 characters a token) for sizing default timeouts to the context. */
    static long estimateTokens(ChatRequest request) {
        long chars = 0;
        for (Message m : request.messages()) {
            for (ContentBlock b : m.content()) {
                chars += switch (b) {
                    case ContentBlock.Text t -> t.text().length();
                    case ContentBlock.ToolUse u -> u.argumentsJson().length();
                    case ContentBlock.ToolResult r -> r.content().length();
                    case ContentBlock.Reasoning r -> r.text().length();
                };
            }
        }
        return chars / 4;
    }
}

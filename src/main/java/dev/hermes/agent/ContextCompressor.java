package dev.hermes.agent;

import dev.hermes.llm.ContentBlock;
import dev.hermes.llm.Message;
import dev.hermes.llm.Role;

import java.util.ArrayList;
import java.util.List;

/**
 * Makes a conversation smaller after the provider said it does not fit its context window. Tool
 * results are the bulk of an agent's context and the least needed later, so only they are
 * touched, oldest first:
 * <ol>
 *   <li>every tool result before the last assistant message longer than {@value #KEEP_OLD}
 *   characters is cut to its first {@value #KEEP_OLD} characters and a note;</li>
 *   <li>if that changed nothing, the latest tool results longer than {@value #KEEP_LATEST}
 *   characters are cut to their first {@value #KEEP_LATEST}.</li>
 * </ol>
 * Messages are never dropped, so every tool call still has its result. Stateless.
 */
final class ContextCompressor {

    static final int KEEP_OLD = 200;
    static final int KEEP_LATEST = 2000;

    /** The shortened conversation and how many results were cut; zero means nothing could be cut. */
    record Compressed(List<Message> messages, int shortened) {
    }

    static Compressed compress(List<Message> messages) {
        Compressed old = shortenOld(messages);
        if (old.shortened() > 0) return old;
        return shorten(messages, lastAssistant(messages), messages.size(), KEEP_LATEST);
    }

    /** Step 1 alone: the results before the last assistant message; the latest stay whole. */
    static Compressed shortenOld(List<Message> messages) {
        return shorten(messages, 0, lastAssistant(messages), KEEP_OLD);
    }

    private static int lastAssistant(List<Message> messages) {
        int last = -1;
        for (int i = 0; i < messages.size(); i++) if (messages.get(i).role() == Role.ASSISTANT) last = i;
        return Math.max(last, 0);
    }

    private static Compressed shorten(List<Message> messages, int from, int to, int keep) {
        List<Message> out = new ArrayList<>(messages.size());
        int shortened = 0;
        for (int i = 0; i < messages.size(); i++) {
            Message m = messages.get(i);
            if (i < from || i >= to || m.role() == Role.ASSISTANT) {
                out.add(m);
                continue;
            }
            List<ContentBlock> blocks = new ArrayList<>();
            for (ContentBlock b : m.content()) {
                if (b instanceof ContentBlock.ToolResult r && r.content().length() > keep) {
                    blocks.add(new ContentBlock.ToolResult(r.toolUseId(), r.content().substring(0, keep)
                            + "\n[tool result shortened from " + r.content().length()
                            + " characters to fit the context window; call the tool again if you need the rest]",
                            r.isError()));
                    shortened++;
                } else {
                    blocks.add(b);
                }
            }
            out.add(new Message(m.role(), blocks));
        }
        return new Compressed(out, shortened);
    }
}

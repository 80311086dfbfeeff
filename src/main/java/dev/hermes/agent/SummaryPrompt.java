package dev.hermes.agent;

import dev.hermes.llm.ContentBlock;
import dev.hermes.llm.Message;
import dev.hermes.llm.Role;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The words of a compression: the request that asks a model to summarise the middle of a
 * conversation, and the message the summary becomes. Each turn is shown to the summariser with
 * its role, tool calls with their arguments and tool results with their tool, each cut to a
 * bounded size, and the whole cut to {@value #MAX_INPUT_CHARS} characters (head and tail kept),
 * so the summary request itself always fits.
 */
final class SummaryPrompt {

    static final int MAX_INPUT_CHARS = 160_000;
    static final int MAX_TEXT = 4_000;
    static final int MAX_ARGUMENTS = 600;
    static final int MAX_RESULT = 2_000;

    static final String SYSTEM = "You compress the history of an AI agent's working session into a handoff note for the"
            + " agent itself. The note replaces the turns you are shown, so anything you leave out is lost. Never call"
            + " tools; never address the user; write only the note.";

    /** The first line of a summary message; the simulator reads the model-turn count from it. */
    static final String HEADER = "[CONTEXT COMPACTION — REFERENCE ONLY] Earlier turns were compacted into the summary"
            + " below (replaced %d messages, %d model turns). Treat it as background, not as instructions: respond to"
            + " the messages after it, and keep using your tools for the task at hand.";
    static final String END = "--- END OF CONTEXT SUMMARY — respond to the messages below, not the summary above ---";
    private static final Pattern REPLACED = Pattern.compile("\\(replaced (\\d+) messages, (\\d+) model turns\\)");

    private SummaryPrompt() {
    }

    /** The request's two messages: instructions, and the turns to summarise. */
    static List<Message> request(List<Message> middle, long targetTokens) {
        String instructions = "Summarise the conversation turns below into a note of at most about " + targetTokens
                + " tokens. Keep, precisely:\n"
                + "- the user's goal and requirements;\n"
                + "- decisions made, and why;\n"
                + "- every file path read, written or mentioned, and what was done to it;\n"
                + "- the outcome of each tool call: what it returned (key names, numbers, errors) or that it failed;\n"
                + "- open tasks: what remains to be done, and what was about to happen next.\n"
                + "A turn that is itself an earlier compaction summary: fold its content in.\n"
                + "Use the sections ## Goal, ## Decisions, ## Files, ## Tool outcomes, ## Open tasks.\n\n"
                + "TURNS:\n" + turns(middle);
        return List.of(Message.system(SYSTEM), Message.user(instructions));
    }

    /** The message that stands for the replaced turns. */
    static Message summaryMessage(String summary, int replaced, int modelTurns) {
        return Message.user(String.format(HEADER, replaced, modelTurns) + "\n\n" + summary.strip() + "\n\n" + END);
    }

    /** The model turns a summary message says it replaced, or 0 when {@code text} is not one. */
    static int modelTurnsReplaced(String text) {
        Matcher m = REPLACED.matcher(text);
        return text.startsWith("[CONTEXT COMPACTION") && m.find() ? Integer.parseInt(m.group(2)) : 0;
    }

    static String turns(List<Message> middle) {
        Map<String, String> toolNames = new HashMap<>();
        StringBuilder sb = new StringBuilder();
        int n = 0;
        for (Message m : middle) {
            n++;
            for (ContentBlock b : m.content()) {
                switch (b) {
                    case ContentBlock.Text t -> sb.append('[').append(n).append("] ").append(role(m.role())).append(": ")
                            .append(cut(t.text(), MAX_TEXT)).append('\n');
                    case ContentBlock.ToolUse u -> {
                        toolNames.put(u.id(), u.name());
                        sb.append('[').append(n).append("] assistant calls ").append(u.name()).append(' ')
                                .append(cut(u.argumentsJson(), MAX_ARGUMENTS)).append('\n');
                    }
                    case ContentBlock.ToolResult r -> sb.append('[').append(n).append("] ")
                            .append(toolNames.getOrDefault(r.toolUseId(), "tool")).append(r.isError() ? " failed: " : " returned: ")
                            .append(cut(r.content(), MAX_RESULT)).append('\n');
                    case ContentBlock.Reasoning r -> {
                        // the model's private reasoning is not part of the record to keep
                    }
                }
            }
        }
        return bound(sb.toString());
    }

    private static String role(Role r) {
        return switch (r) {
            case USER -> "user";
            case ASSISTANT -> "assistant";
            case TOOL -> "tool";
            case SYSTEM -> "system";
        };
    }

    /** Head and tail of a long text, with how much was left out between them. */
    static String cut(String s, int max) {
        if (s.length() <= max) return s;
        int head = max * 2 / 3, tail = max - head;
        return s.substring(0, head) + " [... " + (s.length() - max) + " characters left out ...] "
                + s.substring(s.length() - tail);
    }

    private static String bound(String all) {
        if (all.length() <= MAX_INPUT_CHARS) return all;
        int half = MAX_INPUT_CHARS / 2;
        return all.substring(0, half) + "\n[... " + (all.length() - MAX_INPUT_CHARS)
                + " characters of turns left out here ...]\n" + all.substring(all.length() - half);
    }
}

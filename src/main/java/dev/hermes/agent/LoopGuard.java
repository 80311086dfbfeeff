package dev.hermes.agent;

import dev.hermes.llm.ContentBlock;

import java.util.HashMap;
import java.util.Map;

/**
 * Stops a run that keeps making the same failing tool call: same tool, same argument text. A
 * model that gets an error back and sends the identical call again has not learned anything from
 * it; after {@code limit} such failures the loop ends with a message instead of spinning until
 * max turns. Not thread-safe; one per run.
 */
final class LoopGuard {

    private final int limit;
    private final Map<String, Integer> failures = new HashMap<>();

    LoopGuard(int limit) {
        this.limit = limit;
    }

    /** Records a result; returns a message when this call has now failed {@code limit} times, else null. */
    String record(ContentBlock.ToolUse call, ContentBlock.ToolResult result) {
        if (!result.isError()) return null;
        int count = failures.merge(call.name() + '\u0000' + call.argumentsJson().strip(), 1, Integer::sum);
        if (count < limit) return null;
        return "stopped: the tool call " + call.name() + " " + abbreviate(call.argumentsJson().strip(), 200)
                + " failed " + count + " times with the same arguments, so the model is not making progress."
                + " Last error: " + abbreviate(result.content(), 500);
    }

    static String abbreviate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max) + "...";
    }
}

package dev.hermes.agent;

import dev.hermes.failover.AttemptRecord;
import dev.hermes.failover.CallFailedException;
import dev.hermes.failover.CallObserver;
import dev.hermes.failover.CallResult;
import dev.hermes.failover.ContinuationJoiner;
import dev.hermes.failover.ModelCaller;
import dev.hermes.failover.Reason;
import dev.hermes.llm.ChatRequest;
import dev.hermes.llm.ChatResponse;
import dev.hermes.llm.ContentBlock;
import dev.hermes.llm.FinishReason;
import dev.hermes.llm.Message;
import dev.hermes.llm.ToolDefinition;
import dev.hermes.llm.Usage;

import java.util.ArrayList;
import java.util.List;

/**
 * One assistant message, obtained through the resilient {@link ModelCaller} and completed when
 * the output limit cut it:
 * <ul>
 *   <li>text cut by the limit ({@link FinishReason#LENGTH}) is continued, with the partial text
 *   as an assistant prefill, at most {@code maxContinuations} times, and joined exactly
 *   ({@link ContinuationJoiner});</li>
 *   <li>a response cut by the limit that carries tool calls is never executed, whatever its
 *   arguments look like: it is asked for again with twice the output budget, at most
 *   {@code maxToolCallRetries} times.</li>
 * </ul>
 * Not thread-safe; one per loop.
 */
final class ModelTurn {

    /** The output budget doubled when none was configured and the provider reported none. */
    static final int ASSUMED_BUDGET = 4096;

    /** What one turn produced. */
    sealed interface Result {
        /** Every call made, in order: attempts, usage and route, for the transcript. */
        List<CallResult> calls();

        record Complete(Message message, ChatResponse last, Usage usage, List<CallResult> calls) implements Result {
        }

        record Failed(String message, Reason reason, List<AttemptRecord> attempts, Usage usage,
                      List<CallResult> calls) implements Result {
        }
    }

    private final ModelCaller caller;
    private final AgentSettings settings;
    private final List<ToolDefinition> tools;

    ModelTurn(ModelCaller caller, AgentSettings settings, List<ToolDefinition> tools) {
        this.caller = caller;
        this.settings = settings;
        this.tools = List.copyOf(tools);
    }

    Result complete(List<Message> messages, CallObserver observer) throws InterruptedException {
        List<CallResult> calls = new ArrayList<>();
        List<ContentBlock> reasoning = new ArrayList<>();
        Usage usage = Usage.ZERO;
        Integer maxTokens = settings.maxTokens();
        String prefix = "";
        int continuations = 0;
        int toolRetries = 0;
        while (true) {
            List<Message> sent = prefix.isEmpty() ? messages : withPrefill(messages, prefix);
            ContinuationJoiner joiner = new ContinuationJoiner(prefix, observer);
            CallResult call;
            try {
                call = caller.call(new ChatRequest(settings.model(), sent, tools, maxTokens, null), joiner);
            } catch (CallFailedException e) {
                return new Result.Failed(e.getMessage(), e.finalReason(), e.attempts(), usage, calls);
            }
            calls.add(call);
            usage = usage.plus(call.totalUsage());
            ChatResponse response = call.response();
            boolean cut = response.finishReason() == FinishReason.LENGTH;
            if (cut && !response.toolUses().isEmpty()) {
                if (toolRetries == settings.maxToolCallRetries()) {
                    return new Result.Failed("the model's tool call was cut by the output limit " + (toolRetries + 1)
                            + " times (last budget " + describe(maxTokens) + " tokens); nothing was executed."
                            + " Raise agent.max_tokens or ask for smaller steps.", null, List.of(), usage, calls);
                }
                toolRetries++;
                maxTokens = doubled(maxTokens, response.usage());
                joiner.restart("a tool call was cut by the output limit; asking again with max_tokens=" + maxTokens);
                continue;
            }
            String text = joiner.joined(response.text());
            response.message().content().stream().filter(ContentBlock.Reasoning.class::isInstance).forEach(reasoning::add);
            if (cut) {
                if (continuations == settings.maxContinuations()) {
                    return new Result.Failed("the answer was still cut by the output limit after " + continuations
                            + " continuations (" + text.length() + " characters so far). Raise agent.max_tokens"
                            + " or ask for a shorter answer.", null, List.of(), usage, calls);
                }
                continuations++;
                prefix = text;
                observer.status("answer cut by the output limit; continuing (" + continuations + "/"
                        + settings.maxContinuations() + ")");
                continue;
            }
            List<ContentBlock> blocks = new ArrayList<>(reasoning);
            if (!text.isEmpty()) blocks.add(new ContentBlock.Text(text));
            blocks.addAll(response.toolUses());
            return new Result.Complete(Message.assistant(blocks), response, usage, calls);
        }
    }

    private static List<Message> withPrefill(List<Message> messages, String prefix) {
        List<Message> sent = new ArrayList<>(messages);
        sent.add(Message.assistant(prefix));
        return sent;
    }

    static int doubled(Integer maxTokens, Usage used) {
        long base = maxTokens != null ? maxTokens : used.outputTokens() > 0 ? used.outputTokens() : ASSUMED_BUDGET;
        return (int) Math.min(Integer.MAX_VALUE, base * 2);
    }

    private static String describe(Integer maxTokens) {
        return maxTokens == null ? "the provider's default" : maxTokens.toString();
    }
}

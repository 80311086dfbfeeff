package dev.hermes.agent;

import dev.hermes.failover.CallFailedException;
import dev.hermes.failover.CallEvent;
import dev.hermes.failover.CallObserver;
import dev.hermes.failover.CallResult;
import dev.hermes.failover.ModelCaller;
import dev.hermes.llm.ChatRequest;
import dev.hermes.llm.Message;
import dev.hermes.llm.Role;
import dev.hermes.llm.ToolDefinition;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * Keeps a conversation under its threshold before it is sent, the original's way: the first
 * messages and the most recent ones stay verbatim, and the middle is replaced by one summary that
 * a model writes ({@code auxiliary.compression}, else the main chain, through the resilient
 * caller). The cut never separates a tool call from its result. A summary that cannot be had
 * (the call failed, or came back empty), or nothing left to summarise, falls back to
 * {@link ContextCompressor#shortenOld}: tool results before the last assistant message are cut
 * short, and no message is lost. Not thread-safe; one per loop.
 */
final class ProactiveCompressor {

    /**
     * The policy, from {@code compression}, the context window and the summary route.
     *
     * @param lowestThreshold the threshold cannot be below this whatever the window, so a request
     *                        estimated at most this large needs no window (and no model-list call)
     * @param threshold       a request estimated above this many tokens is compressed first;
     *                        asked only when needed, so the window may be looked up lazily
     * @param targetRatio     share of the threshold the recent messages kept verbatim may take
     *                        (though never fewer than one message)
     * @param summarizer      the caller summaries go through
     * @param summaryModel    the model put in summary requests
     */
    record Settings(boolean enabled, long lowestThreshold, LongSupplier threshold, double targetRatio, int protectFirstN,
                    int protectLastN, int maxAttempts, ModelCaller summarizer, String summaryModel) {

        /** No model has a smaller window; below its share nothing needs compressing whatever the model. */
        static final long MIN_WINDOW = 8_192;

        static final Settings OFF = new Settings(false, Long.MAX_VALUE, () -> Long.MAX_VALUE, 0, 0, 1, 1, null, "");

        Settings {
            if (enabled) {
                Objects.requireNonNull(summarizer, "summarizer");
                Objects.requireNonNull(summaryModel, "summaryModel");
            }
        }

        /**
         * @param window          the model's context window in tokens, asked at most once, when first needed
         * @param ratio           share of the window ({@code compression.threshold})
         * @param thresholdTokens an absolute cap ({@code compression.threshold_tokens}), or null
         */
        static Settings of(boolean enabled, LongSupplier window, double ratio, Integer thresholdTokens, double targetRatio,
                           int protectFirstN, int protectLastN, int maxAttempts, ModelCaller summarizer, String summaryModel) {
            long cap = thresholdTokens != null && thresholdTokens > 0 ? thresholdTokens : Long.MAX_VALUE;
            long[] memo = {-1};
            LongSupplier threshold = () -> {
                if (memo[0] < 0) memo[0] = Math.min(Math.round(window.getAsLong() * ratio), cap);
                return memo[0];
            };
            return new Settings(enabled, Math.min(Math.round(MIN_WINDOW * ratio), cap), threshold, targetRatio,
                    protectFirstN, Math.max(1, protectLastN), Math.max(1, maxAttempts), summarizer, summaryModel);
        }

        /** A fixed threshold and tail budget in tokens. */
        static Settings fixed(long thresholdTokens, long tailTokens, int protectFirstN, int protectLastN, int maxAttempts,
                              ModelCaller summarizer, String summaryModel) {
            return new Settings(true, thresholdTokens, () -> thresholdTokens, (double) tailTokens / thresholdTokens,
                    protectFirstN, Math.max(1, protectLastN), Math.max(1, maxAttempts), summarizer, summaryModel);
        }

        long thresholdTokens() {
            return threshold.getAsLong();
        }

        long tailTokens() {
            return Math.round(thresholdTokens() * targetRatio);
        }
    }

    /** What one compression did, for the transcript and the user. */
    sealed interface Done {
        /** Messages {@code [from, from + replaced)} became one summary message. */
        record Summarised(int from, int replaced, Message summary, long tokensBefore, long tokensAfter) implements Done {
        }

        /** No summary could be had: old tool results were trimmed instead; {@code why} says what failed. */
        record Trimmed(int shortened, String why) implements Done {
        }
    }

    /** The middle to summarise: messages {@code [from, to)}. */
    record Cut(int from, int to) {
        int size() {
            return to - from;
        }
    }

    private final Settings settings;
    private final TokenCounter counter;

    ProactiveCompressor(Settings settings, TokenCounter counter) {
        this.settings = settings;
        this.counter = counter;
    }

    /** True when a request made of these messages should be compressed before it is sent. */
    boolean over(List<Message> withSystem, List<ToolDefinition> tools) {
        if (!settings.enabled()) return false;
        long estimate = counter.estimate(withSystem, tools);
        return estimate > settings.lowestThreshold() && estimate > settings.thresholdTokens();
    }

    /**
     * Compresses {@code history} (without the system prompt) until the request fits the
     * threshold, at most {@code max_attempts} summaries. Each step is reported to {@code apply},
     * which replaces the loop's history and records it.
     *
     * @throws InterruptedException when the summary call is interrupted (Ctrl-C)
     */
    void compress(Message system, List<Message> history, List<ToolDefinition> tools, CallObserver observer,
                  Applier apply) throws InterruptedException {
        List<Message> current = history;
        for (int attempt = 1; attempt <= settings.maxAttempts(); attempt++) {
            Cut cut = cut(current);
            if (cut == null) {
                trim(current, "nothing between the protected first and last messages to summarise", apply);
                return;
            }
            long before = counter.estimate(withSystem(system, current), tools);
            String summary;
            try {
                summary = summarise(current.subList(cut.from(), cut.to()), observer, apply);
            } catch (CallFailedException e) {
                trim(current, "the summary call failed: " + e.getMessage().lines().findFirst().orElse(""), apply);
                return;
            }
            if (summary.isBlank()) {
                trim(current, "the summary came back empty", apply);
                return;
            }
            List<Message> middle = current.subList(cut.from(), cut.to());
            int modelTurns = (int) middle.stream().filter(m -> m.role() == Role.ASSISTANT).count()
                    + middle.stream().mapToInt(m -> SummaryPrompt.modelTurnsReplaced(m.text())).sum();
            Message message = SummaryPrompt.summaryMessage(summary, cut.size(), modelTurns);
            List<Message> next = new ArrayList<>(current.subList(0, cut.from()));
            next.add(message);
            next.addAll(current.subList(cut.to(), current.size()));
            long after = counter.estimate(withSystem(system, next), tools);
            apply.summarised(next, new Done.Summarised(cut.from(), cut.size(), message, before, after));
            current = next;
            if (!over(withSystem(system, current), tools)) return;
        }
    }

    /** Receives each step: the new history and what was done, and each summary call made. */
    interface Applier {
        void called(CallResult call);

        void summarised(List<Message> next, Done.Summarised done);

        void trimmed(List<Message> next, Done.Trimmed done);
    }

    /**
     * Where to cut: after the first {@code protect_first_n} messages (at least one; with their tool results), and
     * before the recent messages that fit the tail budget (at most {@code protect_last_n}, at least
     * one), moved back so the tail does not start with a tool result. Null when fewer than two
     * messages would be replaced.
     */
    Cut cut(List<Message> history) {
        int n = history.size();
        int head = Math.min(Math.max(1, settings.protectFirstN()), n); // the first message (the task) always stays
        while (head < n && history.get(head).role() == Role.TOOL) head++;
        int tail = n;
        long tokens = 0;
        int kept = 0;
        while (tail > head && kept < settings.protectLastN()) {
            long t = TokenCounter.raw(history.get(tail - 1));
            if (kept > 0 && tokens + t > settings.tailTokens()) break;
            tokens += t;
            tail--;
            kept++;
        }
        while (tail > head && history.get(tail).role() == Role.TOOL) tail--;
        return tail - head >= 2 ? new Cut(head, tail) : null;
    }

    private String summarise(List<Message> middle, CallObserver observer, Applier apply)
            throws CallFailedException, InterruptedException {
        long middleTokens = TokenCounter.raw(middle, List.of());
        long target = Math.max(500, Math.min(10_000, middleTokens / 5));
        CallResult result = settings.summarizer().call(ChatRequest.of(settings.summaryModel(), SummaryPrompt.request(middle, target)),
                new CallObserver() {
                    @Override
                    public void alive() {
                        observer.alive();
                    }

                    @Override
                    public void status(String line) {
                        observer.status("compression: " + line);
                    }

                    @Override
                    public void on(CallEvent event) {
                        observer.on(event);
                    }
                });
        apply.called(result);
        return result.response().toolUses().isEmpty() ? result.response().text() : "";
    }

    /** The fallback: old tool results shortened (the latest stay whole, as the model has not read them yet). */
    private void trim(List<Message> history, String why, Applier apply) {
        ContextCompressor.Compressed trimmed = ContextCompressor.shortenOld(history);
        if (trimmed.shortened() > 0) apply.trimmed(trimmed.messages(), new Done.Trimmed(trimmed.shortened(), why));
    }

    private static List<Message> withSystem(Message system, List<Message> history) {
        if (system == null) return history;
        List<Message> all = new ArrayList<>(history.size() + 1);
        all.add(system);
        all.addAll(history);
        return all;
    }
}

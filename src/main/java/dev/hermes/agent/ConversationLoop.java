package dev.hermes.agent;

import dev.hermes.failover.CallObserver;
import dev.hermes.failover.CallResult;
import dev.hermes.failover.ModelCaller;
import dev.hermes.llm.ChatResponse;
import dev.hermes.llm.ContentBlock;
import dev.hermes.llm.Message;
import dev.hermes.llm.Role;
import dev.hermes.llm.ToolDefinition;
import dev.hermes.llm.Usage;
import dev.hermes.log.EventLog;
import dev.hermes.tools.CancelSignal;
import dev.hermes.tools.ToolContext;
import dev.hermes.tools.ToolRegistry;
import dev.hermes.tools.ToolRunner;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The agent: user message, streamed model call, tool calls, tool results, next call, until the
 * model answers without calling a tool or {@code maxTurns} calls were made.
 *
 * <p>Guards, so a run always ends: the model call itself always ends (the {@link ModelCaller}
 * contract); a provider failure ends the run at once, since the caller has already retried and
 * fallen back (a context overflow first gets one compression, see {@link ContextCompressor});
 * cut answers are continued and cut tool calls re-requested a bounded number of times
 * ({@link ModelTurn}); the same failing tool call stops the run after {@code loopGuard} failures
 * ({@link LoopGuard}); and {@code maxTurns} bounds everything else.
 *
 * <p>Threading: {@link #run} is called by one thread at a time. {@link #interrupt} may be called
 * from any thread (the Ctrl-C handler): it interrupts a model call in flight, or cancels running
 * tools through their {@link CancelSignal} (their results are kept, so the history stays
 * consistent), and the run returns {@link Outcome.Interrupted}. The history survives either way.
 */
public final class ConversationLoop {

    /**
     * Everything a loop needs besides its history.
     *
     * @param systemPrompt the system message, or empty for none
     * @param log          agent events with the session id; {@link EventLog#NONE} for none
     * @param compression when and how the conversation is summarised before a request
     */
    public record Setup(ModelCaller caller, ToolRegistry tools, ToolRunner runner, ToolContext toolContext,
                        String systemPrompt, AgentSettings settings, Transcript transcript, EventLog log,
                        String sessionId, ProactiveCompressor.Settings compression) {

        /** A setup without proactive compression. */
        public Setup(ModelCaller caller, ToolRegistry tools, ToolRunner runner, ToolContext toolContext,
                     String systemPrompt, AgentSettings settings, Transcript transcript, EventLog log, String sessionId) {
            this(caller, tools, runner, toolContext, systemPrompt, settings, transcript, log, sessionId,
                    ProactiveCompressor.Settings.OFF);
        }

        public Setup {
            Objects.requireNonNull(caller, "caller");
            Objects.requireNonNull(tools, "tools");
            Objects.requireNonNull(runner, "runner");
            Objects.requireNonNull(toolContext, "toolContext");
            Objects.requireNonNull(settings, "settings");
            systemPrompt = systemPrompt == null ? "" : systemPrompt;
            transcript = transcript == null ? Transcript.NONE : transcript;
            log = log == null ? EventLog.NONE : log;
            compression = compression == null ? ProactiveCompressor.Settings.OFF : compression;
        }

        public Setup withRoute(ModelCaller otherCaller, String model) {
            return new Setup(otherCaller, tools, runner, toolContext, systemPrompt, settings.withModel(model),
                    transcript, log, sessionId, compression);
        }
    }

    private static final String COMPONENT = "agent";

    private volatile Setup setup;
    private final List<Message> history;
    private final TokenCounter tokens = new TokenCounter();
    /**
     * Messages before the history that --resume would rebuild but /reset made this loop forget:
     * a recorded compression counts positions in the rebuilt history, so it adds these.
     */
    private int forgotten;
    private final Object lock = new Object();
    private Thread running;
    private boolean inModelCall;
    private boolean interruptRequested;
    private CancelSignal cancel;

    /** @param history earlier messages (a resumed session), without the system prompt */
    public ConversationLoop(Setup setup, List<Message> history) {
        this.setup = Objects.requireNonNull(setup, "setup");
        this.history = new ArrayList<>(history);
    }

    public Setup setup() {
        return setup;
    }

    /** Switches caller and model from the next model call on (the chat's /model and /provider). */
    public void setup(Setup next) {
        this.setup = Objects.requireNonNull(next, "setup");
    }

    /** The conversation so far, without the system prompt. */
    public synchronized List<Message> history() {
        return List.copyOf(history);
    }

    /** Forgets the conversation (the chat's /reset); the transcript keeps what was said. */
    public synchronized void reset() {
        forgotten += history.size();
        history.clear();
    }

    /**
     * Runs one user message to its end. Never throws for provider or tool failures.
     *
     * @throws IllegalStateException when another run is in progress
     */
    public Outcome run(String userMessage, AgentObserver observer) {
        Setup s = setup;
        CancelSignal signal = new CancelSignal();
        synchronized (lock) {
            if (running != null) throw new IllegalStateException("a run is already in progress");
            running = Thread.currentThread();
            interruptRequested = false;
            cancel = signal;
        }
        Outcome outcome;
        try {
            outcome = loop(s, userMessage, observer, signal);
        } finally {
            synchronized (lock) {
                running = null;
                inModelCall = false;
                cancel = null;
                // our own interrupt may have raced the end of a call: it must not leak into the next one
                if (interruptRequested) Thread.interrupted();
            }
        }
        logOutcome(s, outcome);
        s.transcript().outcome(outcome);
        observer.finished(outcome);
        return outcome;
    }

    /** Ctrl-C: stops the model call or the tools in flight; the run returns {@link Outcome.Interrupted}. */
    public void interrupt() {
        synchronized (lock) {
            if (running == null) return;
            interruptRequested = true;
            if (inModelCall) running.interrupt();
            else if (cancel != null) cancel.cancel();
        }
    }

    private Outcome loop(Setup s, String userMessage, AgentObserver observer, CancelSignal signal) {
        append(s, Message.user(userMessage), null, null);
        ToolDispatcher dispatcher = new ToolDispatcher(s.tools(), s.runner());
        ToolContext context = s.toolContext().withCancel(signal);
        LoopGuard guard = new LoopGuard(s.settings().loopGuard());
        ModelTurn modelTurn = new ModelTurn(s.caller(), s.settings(), s.tools().definitions());
        Usage usage = Usage.ZERO;
        for (int turn = 1; ; turn++) {
            if (turn > s.settings().maxTurns()) return new Outcome.MaxTurns(turn - 1, usage);
            if (interrupted()) return new Outcome.Interrupted("between turns");
            s.log().info(s.sessionId(), COMPONENT, "turn started", Map.of("turn", turn, "model", s.settings().model()));
            ModelTurn.Result result;
            try {
                result = callModel(s, modelTurn, observer);
            } catch (InterruptedException e) {
                return new Outcome.Interrupted("model call");
            }
            if (interrupted()) return new Outcome.Interrupted("model call");
            switch (result) {
                case ModelTurn.Result.Failed f -> {
                    return new Outcome.GaveUp(f.message(), f.reason(), f.attempts());
                }
                case ModelTurn.Result.Complete c -> {
                    usage = usage.plus(c.usage());
                    ChatResponse last = c.last();
                    append(s, c.message(), last.provider(), last.model());
                    observer.turnFinished(turn, last);
                    List<ContentBlock.ToolUse> calls = c.message().toolUses();
                    if (calls.isEmpty()) {
                        return new Outcome.Answered(c.message().text(), usage, last.provider(), last.model());
                    }
                    String stop = runTools(s, dispatcher, calls, context, guard, observer);
                    if (interrupted()) return new Outcome.Interrupted("tool");
                    if (stop != null) return new Outcome.GaveUp(stop, null, List.of());
                }
            }
        }
    }

    /** One model call, with one compression and retry if the conversation overflowed the context window. */
    private ModelTurn.Result callModel(Setup s, ModelTurn modelTurn, AgentObserver shown) throws InterruptedException {
        // the transcript hears every call's events: each attempt is recorded once, as it happens
        CallObserver observer = shown.alsoTelling(s.transcript());
        boolean compressed = false;
        while (true) {
            ModelTurn.Result result;
            synchronized (lock) {
                if (interruptRequested) throw new InterruptedException("interrupted before the model call");
                inModelCall = true;
            }
            List<Message> sent;
            try {
                compressIfOver(s, observer);
                sent = withSystem(s);
                result = modelTurn.complete(sent, observer);
            } finally {
                synchronized (lock) {
                    inModelCall = false;
                }
            }
            if (result instanceof ModelTurn.Result.Complete c) {
                tokens.observe(TokenCounter.raw(sent, s.tools().definitions()), c.last().usage());
            }
            record(s, result.calls());
            if (!(result instanceof ModelTurn.Result.Failed f) || f.reason() == null || !f.reason().policy().compress()) {
                return result;
            }
            ContextCompressor.Compressed smaller = compressed ? null : ContextCompressor.compress(history());
            if (smaller == null || smaller.shortened() == 0) {
                return new ModelTurn.Result.Failed("the conversation does not fit the model's context window"
                        + (compressed ? " even after shortening old tool results" : " and there is nothing left to shorten")
                        + "; start a new session (/reset) or use a model with a larger window.\n" + f.message(),
                        f.reason(), f.attempts(), f.usage(), f.calls());
            }
            compressed = true;
            replaceHistory(smaller.messages());
            s.transcript().compaction(smaller.shortened());
            observer.status("context window exceeded; shortened " + smaller.shortened() + " old tool results and trying again");
        }
    }

    /** Before a request that would pass the threshold: summarise the middle (or trim), recording each step. */
    private void compressIfOver(Setup s, CallObserver observer) throws InterruptedException {
        List<ToolDefinition> defs = s.tools().definitions();
        ProactiveCompressor compressor = new ProactiveCompressor(s.compression(), tokens);
        if (!compressor.over(withSystem(s), defs)) return;
        Message system = s.systemPrompt().isEmpty() ? null : Message.system(s.systemPrompt());
        compressor.compress(system, history(), defs, observer, new ProactiveCompressor.Applier() {
            @Override
            public void called(CallResult call) {
                record(s, List.of(call));
            }

            @Override
            public void summarised(List<Message> next, ProactiveCompressor.Done.Summarised done) {
                replaceHistory(next);
                s.transcript().compression(new ProactiveCompressor.Done.Summarised(forgotten() + done.from(), done.replaced(),
                        done.summary(), done.tokensBefore(), done.tokensAfter()));
                s.log().info(s.sessionId(), COMPONENT, "compressed", Map.of("replaced", done.replaced(),
                        "tokens_before", done.tokensBefore(), "tokens_after", done.tokensAfter()));
                observer.status("context at ~" + done.tokensBefore() + " tokens (threshold " + s.compression().thresholdTokens()
                        + "): summarised " + done.replaced() + " earlier messages; now ~" + done.tokensAfter());
            }

            @Override
            public void trimmed(List<Message> next, ProactiveCompressor.Done.Trimmed done) {
                replaceHistory(next);
                s.transcript().compaction(done.shortened());
                s.log().warn(s.sessionId(), COMPONENT, "compression fell back to trimming", Map.of("why", done.why(),
                        "shortened", done.shortened()));
                observer.status("could not summarise the conversation (" + done.why() + "); shortened "
                        + done.shortened() + " old tool results instead");
            }
        });
    }

    private String runTools(Setup s, ToolDispatcher dispatcher, List<ContentBlock.ToolUse> calls, ToolContext context,
                            LoopGuard guard, AgentObserver observer) {
        List<String> stops = new ArrayList<>();
        try {
            dispatcher.runAll(calls, context, new ToolDispatcher.Listener() {
                @Override
                public void started(ContentBlock.ToolUse call) {
                    s.transcript().toolCall(call);
                    s.log().info(s.sessionId(), COMPONENT, "tool call", Map.of("tool", call.name(), "id", call.id()));
                    observer.toolCallStarted(call);
                }

                @Override
                public void finished(ContentBlock.ToolUse call, ContentBlock.ToolResult result, Duration elapsed) {
                    synchronized (ConversationLoop.this) {
                        history.add(new Message(Role.TOOL, List.of(result)));
                    }
                    s.transcript().toolResult(call, result, elapsed);
                    if (result.isError()) {
                        s.log().warn(s.sessionId(), COMPONENT, "tool call failed", Map.of("tool", call.name(),
                                "id", call.id(), "error", LoopGuard.abbreviate(result.content(), 300)));
                    }
                    observer.toolResult(call, result);
                    String stop = guard.record(call, result);
                    if (stop != null) stops.add(stop);
                }
            });
        } catch (InterruptedException e) {
            // Interrupting the loop thread during tools is not how Ctrl-C works (it cancels), but
            // another owner may do it; the calls have cleaned up, so record the run as interrupted.
            synchronized (lock) {
                interruptRequested = true;
            }
        }
        return stops.isEmpty() ? null : stops.get(0);
    }

    /** The calls' usage; their attempts were recorded as they happened, like errors.log's lines. */
    private void record(Setup s, List<CallResult> calls) {
        for (CallResult call : calls) {
            ChatResponse r = call.response();
            s.transcript().usage(r.provider(), r.model(), call.totalUsage(), r.finishReason());
        }
    }

    private void logOutcome(Setup s, Outcome outcome) {
        switch (outcome) {
            case Outcome.Answered a -> s.log().info(s.sessionId(), COMPONENT, "answered", Map.of("provider",
                    String.valueOf(a.provider()), "model", String.valueOf(a.model()), "output_tokens", a.usage().outputTokens()));
            case Outcome.GaveUp g -> {
                s.log().error(s.sessionId(), COMPONENT, "gave up", Map.of("message", g.message()));
                s.transcript().error(g.message());
            }
            case Outcome.MaxTurns m -> s.log().warn(s.sessionId(), COMPONENT, "max turns reached", Map.of("turns", m.turns()));
            case Outcome.Interrupted i -> s.log().info(s.sessionId(), COMPONENT, "interrupted", Map.of("during", i.during()));
        }
    }

    private boolean interrupted() {
        synchronized (lock) {
            return interruptRequested;
        }
    }

    private List<Message> withSystem(Setup s) {
        List<Message> messages = new ArrayList<>();
        if (!s.systemPrompt().isEmpty()) messages.add(Message.system(s.systemPrompt()));
        messages.addAll(history());
        return messages;
    }

    private synchronized void append(Setup s, Message message, String provider, String model) {
        history.add(message);
        s.transcript().message(message, provider, model);
    }

    private synchronized int forgotten() {
        return forgotten;
    }

    private synchronized void replaceHistory(List<Message> messages) {
        history.clear();
        history.addAll(messages);
    }
}

package dev.hermes.failover;

import dev.hermes.llm.ChatRequest;
import dev.hermes.llm.ChatResponse;
import dev.hermes.llm.ContentBlock;
import dev.hermes.llm.Message;
import dev.hermes.llm.StreamEvent;
import dev.hermes.llm.Usage;
import dev.hermes.provider.Bench;
import dev.hermes.provider.Credential;
import dev.hermes.provider.Route;
import dev.hermes.provider.RouteKey;
import dev.hermes.stream.AttemptWatch;
import dev.hermes.stream.StreamTimeouts;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The resilient {@link ModelCaller}: Fallback(Retry(CircuitBreaker(watched attempt))) over the
 * route chain, primary first.
 *
 * <p>Per route: skip it if it is the same route as one that already failed in this call or if its
 * breaker is open; try it after the rest of the chain when every key is benched for it;
 * otherwise attempt, classify any failure, and execute what {@link Decide} says: retry (after a
 * backoff, with a rebuilt client after a stall or transport failure), rotate the key, move on,
 * or give up. The decision's reports are the only calls into breakers and key benches.
 *
 * <p>Text reaches the caller as it streams. When a stream dies after text was shown, the next
 * attempt continues it ({@link Continuation}): by prefill where the route accepts it, otherwise
 * by restarting the answer and telling the caller to discard what it showed. Either way the
 * caller ends up with exactly one complete answer.
 */
public final class FailoverCaller implements ModelCaller {

    private final List<Route> chain;
    private final FailoverSettings settings;

    public FailoverCaller(Route primary, List<Route> fallbacks, FailoverSettings settings) {
        List<Route> all = new ArrayList<>();
        all.add(primary);
        all.addAll(fallbacks);
        this.chain = List.copyOf(all);
        this.settings = settings;
    }

    public List<Route> chain() {
        return chain;
    }

    @Override
    public CallResult call(ChatRequest request, CallObserver observer) throws InterruptedException {
        return new Call(request, observer).run();
    }

    /** The state of one call: what was shown, what was tried. */
    private final class Call {
        private final ChatRequest request;
        private final CallObserver observer;
        private final List<CallListener> listeners;
        private final StringBuilder shown = new StringBuilder();
        private final List<AttemptRecord> attempts = new ArrayList<>();
        private final List<RouteKey> failed = new ArrayList<>();
        private final long started = settings.clock().nanoTime();
        private Usage usage = Usage.ZERO;
        private Reason lastReason;
        /** Why the next attempt must start the answer over (a tool call was cut, the answer grew without end), or null. */
        private String restartWhy;

        Call(ChatRequest request, CallObserver observer) {
            this.request = request;
            this.observer = observer;
            this.listeners = List.of(new StatusLines(observer), new ErrorsLog(settings.log(), settings.session()), observer);
        }

        private void emit(CallEvent event) {
            for (CallListener l : listeners) l.on(event);
        }

        CallResult run() throws InterruptedException {
            // Routes whose every key is benched wait until the rest of the chain failed: tried last, never lost.
            List<Integer> benchedLast = new ArrayList<>();
            for (int i = 0; i < chain.size(); i++) {
                Route route = chain.get(i);
                Optional<Bench.Until> benched = route.credentials().allBenched(route.key());
                if (benched.isPresent() && laterRoute(i) && !failed.contains(route.key())) {
                    benchedLast.add(i);
                    emit(new CallEvent.Deferred(route.describe(), benched.get().reason(), benched.get().remaining()));
                    continue;
                }
                CallResult result = onChain(i, route);
                if (result != null) return result;
            }
            for (int i : benchedLast) {
                CallResult result = onChain(i, chain.get(i));
                if (result != null) return result;
            }
            throw new CallFailedException(deadlinePassed()
                    ? "no complete answer within the call deadline of " + seconds(settings.callDeadline())
                    + " (failover.call_deadline_seconds)" : "no complete answer from any provider", lastReason, attempts);
        }

        /** The i-th route of the chain, unless skipped: its answer, or null to go on. */
        private CallResult onChain(int i, Route route) throws InterruptedException {
            if (deadlinePassed()) return null;
            if (failed.contains(route.key())) {
                emit(new CallEvent.Skipped(route.describe(), "same route as one that already failed", null));
                return null;
            }
            CircuitBreaker breaker = settings.breakers().forRoute(route.key());
            if (!breaker.tryAcquire()) {
                skip(route, breaker.openedBy(), "circuit open, next probe in " + seconds(breaker.remainingOpen()));
                return null;
            }
            if (!attempts.isEmpty()) emit(new CallEvent.FallingBack(route.describe()));
            CallResult result = onRoute(i, route, breaker);
            if (result == null) failed.add(route.key());
            return result;
        }

        private void skip(Route route, Reason cause, String why) {
            AttemptRecord.Skipped record = new AttemptRecord.Skipped(route.describe(), cause, why);
            attempts.add(record);
            lastReason = cause;
            emit(new CallEvent.Skipped(route.describe(), why, record));
        }

        /** Whether a route after the i-th can still be tried in this call: not one that failed, not refused by its breaker. */
        private boolean laterRoute(int i) {
            RouteKey current = chain.get(i).key();
            for (int j = i + 1; j < chain.size(); j++) {
                RouteKey k = chain.get(j).key();
                if (!k.equals(current) && !failed.contains(k) && !settings.breakers().forRoute(k).refusing()) return true;
            }
            return false;
        }

        /** What is left of the call deadline, or null when there is none. */
        private Duration remaining() {
            Duration limit = settings.callDeadline();
            return limit == null ? null : limit.minusNanos(settings.clock().nanoTime() - started);
        }

        private boolean deadlinePassed() {
            Duration left = remaining();
            return left != null && !left.isPositive();
        }

        /** Attempts on one route until it answers (the result) or the call must move on (null). */
        private CallResult onRoute(int index, Route route, CircuitBreaker breaker) throws InterruptedException {
            int used = 0;
            Reason previous = null;
            Duration previousWait = Duration.ZERO;
            while (true) {
                Continuation next = Continuation.plan(request.withModel(route.model()), shown.toString(),
                        restartWhy != null, settings.prefill().accepts(route));
                begin(route, next);
                long attemptStarted = settings.clock().nanoTime();
                AttemptOutcome outcome = attempt(route, next);
                Duration elapsed = Duration.ofNanos(settings.clock().nanoTime() - attemptStarted);

                if (outcome instanceof AttemptOutcome.Answered(ChatResponse answered)) {
                    breaker.onSuccess();
                    usage = usage.plus(answered.usage());
                    AttemptRecord.Answered record = new AttemptRecord.Answered(route.describe(), elapsed);
                    attempts.add(record);
                    emit(new CallEvent.AttemptEnded(route.describe(), attempts.size(), record, null,
                            route.endpoint().provider(), route.model()));
                    return new CallResult(complete(answered), attempts, usage);
                }
                AttemptOutcome.Failed f = (AttemptOutcome.Failed) outcome;
                usage = usage.plus(f.usage());
                Classification c = failed(route, f.failure(), elapsed);
                emit(new CallEvent.AttemptEnded(route.describe(), attempts.size(), attempts.getLast(), c,
                        route.endpoint().provider(), route.model()));
                restartWhy = c.reason() == Reason.ANSWER_TOO_LARGE ? "the answer grew without end; it is asked for again"
                        : f.partial().openToolCallIndex() >= 0 || !f.partial().completedToolCalls().isEmpty()
                        ? "a tool call was cut; it is asked for again" : null;
                if (c.reason() == Reason.CANCELLED && Thread.currentThread().isInterrupted()) {
                    throw new InterruptedException("call cancelled");
                }
                // the route no longer accepts prefill, so the next plan() restarts instead
                if (c.reason() == Reason.PREFILL_REJECTED) settings.prefill().rejectedBy(route);

                int max = streamFailure(c.reason()) ? settings.streamRetries() : settings.retriesPerRoute();
                Decide.Decision d = Decide.after(new Decide.Situation(c, route.key(), f.credential(),
                        route.credentials().hasUsableKey(route.key(), f.credential()), laterRoute(index), used, max,
                        previous, settings.backoff().plan(used + 1, previousWait, c.retryAfter()), remaining(),
                        settings.moveOnAfterTimeout(), settings.backoff().config().retryAfterCap()));
                report(d, route, breaker, f.credential());
                previous = c.reason();
                switch (d.next()) {
                    case Decide.Next.GiveUp g -> throw new CallFailedException(g.why(), c.reason(), attempts);
                    case Decide.Next.MoveOn m -> {
                        emit(new CallEvent.MovingOn(route.describe(), m.why()));
                        return null;
                    }
                    case Decide.Next.Rotate r -> {
                        used++;
                        emit(new CallEvent.Rotating(route.describe(), c.reason(), used, max));
                    }
                    case Decide.Next.Retry r -> {
                        used++;
                        emit(new CallEvent.Retrying(route.describe(), c, used, max, r.delay(), r.rebuild()));
                        settings.backoff().await(new Backoff.Wait.Sleep(r.delay()));
                        previousWait = r.delay();
                        if (r.rebuild() && !rebuilt(index, route, breaker)) return null;
                    }
                }
            }
        }

        /** Classifies a failure of this route and records it in the attempt list and as the call's last reason. */
        private Classification failed(Route route, Failure failure, Duration elapsed) {
            Classification c = Classifier.classify(failure, route.endpoint());
            lastReason = c.reason();
            attempts.add(new AttemptRecord.Failed(route.describe(), c.reason(), c.failure().describe(), elapsed));
            return c;
        }

        /** The decision's reports: the only calls into breakers and key benches. */
        private void report(Decide.Decision d, Route route, CircuitBreaker breaker, Credential credential) {
            if (d.breaker() != null) breaker.onFailure(d.breaker());
            if (d.bench() != null) route.credentials().bench(credential, d.bench());
        }

        /** Tells the caller what the next attempt means for the text it has shown. */
        private void begin(Route route, Continuation next) {
            if (next.mode() == Continuation.Mode.RESTART) {
                shown.setLength(0);
                emit(new CallEvent.Restarting(route.describe(),
                        restartWhy != null ? restartWhy : "it cannot continue partial text"));
            }
            emit(new CallEvent.AttemptStarted(route.describe(), attempts.size() + 1, next.mode(), shown.length()));
            restartWhy = null;
        }

        private AttemptOutcome attempt(Route route, Continuation next) throws InterruptedException {
            StreamTimeouts timeouts = Timeouts.forRoute(route, next.request());
            Duration left = remaining();
            if (left != null && left.compareTo(timeouts.deadline()) < 0) timeouts = timeouts.withDeadline(left);
            CallObserver shownSink = new CallObserver() {
                @Override
                public void text(String delta) {
                    shown.append(delta);
                    observer.text(delta);
                }
            };
            // a continuation is joined to what was shown by the one joiner (a repeated overlap is dropped)
            ContinuationJoiner joiner = next.mode() == Continuation.Mode.PREFILL
                    ? new ContinuationJoiner(shown.toString(), shownSink) : null;
            CallObserver textSink = joiner != null ? joiner : shownSink;
            long answerChars = next.mode() == Continuation.Mode.PREFILL ? shown.length() : 0;
            AttemptOutcome outcome;
            try (AttemptWatch watch = settings.watchdog().watch(timeouts, route.describe())) {
                outcome = AttemptRunner.run(settings.clients().clientFor(route), next.request(), watch,
                        route.endpoint().provider(), route.model(), event -> deliver(event, textSink),
                        new AttemptRunner.Limits(answerChars, settings.maxAnswerChars(), settings.slowDrip(), settings.clock()));
            }
            if (joiner != null && outcome instanceof AttemptOutcome.Answered(ChatResponse r)) joiner.joined(r.text());
            return outcome;
        }

        private void deliver(StreamEvent event, CallObserver textSink) {
            observer.alive();
            switch (event) {
                case StreamEvent.TextDelta t -> {
                    if (!t.text().isEmpty()) textSink.text(t.text());
                }
                case StreamEvent.ReasoningDelta r -> {
                    if (!r.text().isEmpty()) observer.reasoning(r.text());
                }
                default -> { }
            }
        }

        /** The answer as the caller saw it: what was shown across attempts, plus the final attempt's other blocks. */
        private ChatResponse complete(ChatResponse last) {
            List<ContentBlock> blocks = new ArrayList<>();
            boolean textPlaced = false;
            for (ContentBlock b : last.message().content()) {
                if (b instanceof ContentBlock.Text) {
                    if (!textPlaced && !shown.isEmpty()) blocks.add(new ContentBlock.Text(shown.toString()));
                    textPlaced = true;
                } else {
                    blocks.add(b);
                }
            }
            if (!textPlaced && !shown.isEmpty()) blocks.add(0, new ContentBlock.Text(shown.toString()));
            return new ChatResponse(last.provider(), last.model(), Message.assistant(blocks), last.finishReason(),
                    last.rawFinishReason(), last.usage());
        }

        /** Rebuilds the route's client; a rebuild that fails is a classified failure that moves the call on. */
        private boolean rebuilt(int index, Route route, CircuitBreaker breaker) {
            try {
                settings.clients().rebuild(route);
                return true;
            } catch (RuntimeException e) {
                Classification c = failed(route, new Failure.RebuildFailed(e.getMessage()), Duration.ZERO);
                emit(new CallEvent.RebuildFailed(route.describe(), attempts.size(), attempts.getLast(), e.getMessage(), c,
                        route.endpoint().provider(), route.model()));
                report(Decide.after(new Decide.Situation(c, route.key(), null, false, laterRoute(index), 0, 0, null,
                        new Backoff.Wait.Sleep(Duration.ZERO), remaining(), settings.moveOnAfterTimeout(),
                        settings.backoff().config().retryAfterCap())), route, breaker, null);
                return false;
            }
        }
    }

    /** Failures of a stream after its headers: their retries are the original's HERMES_STREAM_RETRIES. */
    private static boolean streamFailure(Reason reason) {
        return reason == Reason.STALL || reason == Reason.STREAM_CUT || reason == Reason.MALFORMED;
    }

    private static String seconds(Duration d) {
        return Decide.seconds(d);
    }
}

package dev.hermes.failover;

import dev.hermes.llm.ChatRequest;
import dev.hermes.llm.ChatResponse;
import dev.hermes.llm.ContentBlock;
import dev.hermes.llm.Message;
import dev.hermes.llm.StreamEvent;
import dev.hermes.llm.Usage;
import dev.hermes.provider.Route;
import dev.hermes.stream.AttemptWatch;
import dev.hermes.stream.StreamTimeouts;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The resilient {@link ModelCaller}: Fallback(Retry(CircuitBreaker(watched attempt))) over the
 * route chain, primary first.
 *
 * <p>Per route: skip it if its breaker is open or it is the same backend and model as a route
 * that already failed in this call; otherwise attempt, classify any failure, and let the
 * {@link RetryBudget} decide between retrying (after a backoff, with a rebuilt client after a
 * stall or transport failure), rotating the key, and moving on. A failure whose policy never
 * falls back (context overflow, cancellation) ends the call at once.
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
        private final StringBuilder shown = new StringBuilder();
        private final List<AttemptRecord> attempts = new ArrayList<>();
        private final List<Route> failed = new ArrayList<>();
        private final long started = settings.clock().nanoTime();
        private Usage usage = Usage.ZERO;
        private Reason lastReason;
        private boolean toolCallCut;

        Call(ChatRequest request, CallObserver observer) {
            this.request = request;
            this.observer = observer;
        }

        CallResult run() throws InterruptedException {
            for (int i = 0; i < chain.size(); i++) {
                Route route = chain.get(i);
                if (deadlinePassed()) break;
                if (failed.stream().anyMatch(f -> f.endpoint().sameBackend(route.endpoint()) && f.model().equals(route.model()))) {
                    observer.status("skipping " + route.describe() + ": same backend and model as one that already failed");
                    continue;
                }
                CircuitBreaker breaker = settings.breakers().forRoute(route.endpoint(), route.model());
                if (!breaker.tryAcquire()) {
                    String why = "circuit open, next probe in " + seconds(breaker.remainingOpen());
                    attempts.add(new AttemptRecord(route.describe(), Reason.UNKNOWN, why, Duration.ZERO));
                    observer.status("skipping " + route.describe() + ": " + why);
                    continue;
                }
                if (i > 0) observer.status("falling back to " + route.describe());
                CallResult result = onRoute(route, breaker);
                if (result != null) return result;
                failed.add(route);
            }
            throw new CallFailedException(deadlinePassed()
                    ? "no complete answer within the call deadline of " + seconds(settings.callDeadline())
                    + " (failover.call_deadline_seconds)" : "no complete answer from any provider", lastReason, attempts);
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
        private CallResult onRoute(Route route, CircuitBreaker breaker) throws InterruptedException {
            RetryBudget budget = new RetryBudget(settings.retriesPerRoute());
            Duration previousWait = Duration.ZERO;
            while (true) {
                Continuation next = Continuation.plan(request.withModel(route.model()), shown.toString(), toolCallCut,
                        settings.prefill().accepts(route));
                begin(route, next);
                long attemptStarted = settings.clock().nanoTime();
                AttemptOutcome outcome = attempt(route, next);
                Duration elapsed = Duration.ofNanos(settings.clock().nanoTime() - attemptStarted);

                if (outcome instanceof AttemptOutcome.Answered(ChatResponse answered)) {
                    breaker.onSuccess();
                    usage = usage.plus(answered.usage());
                    attempts.add(new AttemptRecord(route.describe(), null, "answered", elapsed));
                    return new CallResult(complete(answered), attempts, usage);
                }
                AttemptOutcome.Failed f = (AttemptOutcome.Failed) outcome;
                usage = usage.plus(f.usage());
                toolCallCut = f.partial().openToolCallIndex() >= 0 || !f.partial().completedToolCalls().isEmpty();
                Classification c = Classifier.classify(f.failure(), route.endpoint());
                lastReason = c.reason();
                attempts.add(new AttemptRecord(route.describe(), c.reason(), c.failure().describe(), elapsed));
                record(route, c, attempts.size(), elapsed);
                if (c.reason() == Reason.CANCELLED && Thread.currentThread().isInterrupted()) {
                    throw new InterruptedException("call cancelled");
                }
                // the route no longer accepts prefill, so the next plan() restarts instead
                if (c.reason() == Reason.PREFILL_REJECTED) settings.prefill().rejectedBy(route);

                RetryBudget.Verdict verdict = budget.afterFailure(c, route.credentials().hasUsableKey());
                String retry = "retry " + budget.retriesUsed() + "/" + budget.maxRetries();
                Backoff.Wait wait = switch (verdict) {
                    case MOVE_ON -> null;
                    case ROTATE -> new Backoff.Wait.Sleep(Duration.ZERO);
                    case RETRY -> c.reason() == Reason.PREFILL_REJECTED ? new Backoff.Wait.Sleep(Duration.ZERO)
                            : settings.backoff().plan(budget.retriesUsed(), previousWait, c.retryAfter());
                };
                String stop = switch (wait) {
                    case null -> "failed: " + c.describe();
                    case Backoff.Wait.TooLong(Duration asked) -> c.describe() + " and asks to wait " + seconds(asked);
                    case Backoff.Wait.Sleep(Duration d) when remaining() != null && d.compareTo(remaining()) >= 0 ->
                            c.describe() + "; no time left for a retry within the call deadline";
                    case Backoff.Wait.Sleep s -> null;
                };
                if (stop != null) {
                    breaker.onFailure(c); // one report per failure: counted, tripping or ignored, per its policy
                    if (c.policy().fallback() == Policy.Fallback.NEVER) {
                        throw new CallFailedException("the request cannot succeed as sent: " + c.describe(), c.reason(), attempts);
                    }
                    observer.status(route.describe() + " " + stop + "; moving on");
                    return null;
                }
                // Retrying here: a trip waits for the verdict to move on, so only counted failures are reported now.
                if (c.policy().breaker() == Policy.Breaker.COUNT) breaker.onFailure(c);
                Duration pause = ((Backoff.Wait.Sleep) wait).duration();
                if (verdict == RetryBudget.Verdict.ROTATE) {
                    observer.status(route.describe() + " " + c.reason().id() + ": trying the next key; " + retry);
                    continue;
                }
                boolean rebuild = needsRebuild(c.reason());
                observer.status(route.describe() + " " + c.describe() + (rebuild ? ", rebuilding client" : "")
                        + "; " + retry + (pause.isZero() ? "" : " in " + seconds(pause)));
                settings.backoff().await((Backoff.Wait.Sleep) wait);
                previousWait = pause;
                if (rebuild && !rebuilt(route)) return null;
            }
        }

        /** Tells the caller what the next attempt means for the text it has shown. */
        private void begin(Route route, Continuation next) {
            switch (next.mode()) {
                case FRESH -> { }
                case PREFILL -> observer.status("continuing the answer on " + route.describe() + " from "
                        + shown.length() + " characters already shown");
                case RESTART -> {
                    shown.setLength(0);
                    observer.restart("restarting the answer on " + route.describe()
                            + (toolCallCut ? " (a tool call was cut; it is asked for again)" : " (it cannot continue partial text)"));
                }
            }
            toolCallCut = false;
        }

        private AttemptOutcome attempt(Route route, Continuation next) throws InterruptedException {
            StreamTimeouts timeouts = Timeouts.forRoute(route, next.request());
            Duration left = remaining();
            if (left != null && left.compareTo(timeouts.deadline()) < 0) timeouts = timeouts.withDeadline(left);
            StringBuilder held = new StringBuilder(next.heldWhitespace());
            try (AttemptWatch watch = settings.watchdog().watch(timeouts, route.describe())) {
                return AttemptRunner.run(settings.clients().clientFor(route), next.request(), watch,
                        route.endpoint().provider(), route.model(), event -> deliver(event, held));
            }
        }

        private void deliver(StreamEvent event, StringBuilder heldWhitespace) {
            observer.alive();
            switch (event) {
                case StreamEvent.TextDelta t -> {
                    String text = heldWhitespace.isEmpty() ? t.text() : Continuation.unseen(t.text(), heldWhitespace);
                    if (!text.isEmpty()) {
                        shown.append(text);
                        observer.text(text);
                    }
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

        private boolean rebuilt(Route route) {
            try {
                settings.clients().rebuild(route);
                return true;
            } catch (RuntimeException e) {
                Classification c = Classifier.classify(new Failure.RebuildFailed(e.getMessage()), route.endpoint());
                lastReason = c.reason();
                attempts.add(new AttemptRecord(route.describe(), c.reason(), c.failure().describe(), Duration.ZERO));
                record(route, c, attempts.size(), Duration.ZERO);
                observer.status(route.describe() + " client rebuild failed: " + e.getMessage() + "; moving on");
                return false;
            }
        }

        private void record(Route route, Classification c, int attempt, Duration elapsed) {
            settings.log().warn(settings.session(), "failover", "attempt failed: " + c.failure().describe(),
                    Map.of("provider", route.endpoint().provider(), "model", route.model(), "reason", c.reason().id(),
                            "attempt", attempt, "elapsed_ms", elapsed.toMillis(), "rule", c.rule()));
        }
    }

    /** Stalls and broken connections leave a client in doubt: start the next attempt on fresh connections. */
    private static boolean needsRebuild(Reason reason) {
        return switch (reason) {
            case STALL, TRANSPORT, STREAM_CUT, MALFORMED, TIMEOUT -> true;
            default -> false;
        };
    }

    private static String seconds(Duration d) {
        return d.toMillis() < 10_000 ? String.format("%.1f s", d.toMillis() / 1000.0) : d.toSeconds() + " s";
    }
}

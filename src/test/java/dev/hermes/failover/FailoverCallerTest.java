package dev.hermes.failover;

import dev.hermes.llm.ChatRequest;
import dev.hermes.llm.ContentBlock;
import dev.hermes.llm.Message;
import dev.hermes.llm.ToolDefinition;
import dev.hermes.log.EventLog;
import dev.hermes.provider.Route;
import dev.hermes.provider.WireApi;
import dev.hermes.sim.SimAttempt;
import dev.hermes.sim.SimScript;
import dev.hermes.sim.SimServer;
import dev.hermes.stream.StreamTimeouts;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static dev.hermes.failover.FailoverKit.ask;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The failover caller against the fault simulator: one scenario of the resilience contract each. */
@Timeout(60)
class FailoverCallerTest {

    private static final String Q = "Tell me about rivers";

    private SimServer sim;
    private FailoverKit kit;

    @BeforeEach
    void start() throws Exception {
        sim = SimServer.start();
        kit = new FailoverKit(sim);
    }

    @AfterEach
    void stop() {
        kit.close();
        sim.close();
    }

    private static String answer(String model) {
        return SimServer.canonicalAnswer(model, Q);
    }

    @ParameterizedTest
    @EnumSource(WireApi.class)
    void aHealthyProviderAnswersOnceAndReportsWhoAnsweredAndUsage(WireApi wire) throws Exception {
        var seen = new FailoverKit.Seen();
        CallResult r = kit.caller(kit.route("sim", wire, "healthy")).call(ask(Q), seen);

        assertThat(r.response().text()).isEqualTo(answer("healthy"));
        assertThat(seen.text.toString()).isEqualTo(answer("healthy"));
        assertThat(r.response().provider()).isEqualTo("sim");
        assertThat(r.response().model()).isEqualTo("healthy");
        assertThat(r.response().usage().outputTokens()).isPositive();
        assertThat(r.attempts()).singleElement().satisfies(a -> assertThat(a.succeeded()).isTrue());
        assertThat(kit.attemptsOn("healthy")).isEqualTo(1);
    }

    @ParameterizedTest
    @EnumSource(WireApi.class)
    void streamedCallsOnOneRouteShareOneKeptAliveConnection(WireApi wire) throws Exception {
        Route route = kit.route("sim", wire, "healthy");
        for (int i = 0; i < 3; i++) {
            assertThat(kit.caller(route).call(ask(Q), new FailoverKit.Seen()).response().text()).isEqualTo(answer("healthy"));
        }
        assertThat(kit.attemptsOn("healthy")).isEqualTo(3);
        assertThat(sim.connectionsAccepted()).isEqualTo(1);
    }

    @Test
    void aRetryAfterIsHonouredBeforeTheRetry() throws Exception {
        String model = "rate-limit-once:retry_after=1";
        long t0 = System.nanoTime();
        CallResult r = kit.caller(kit.route("sim", WireApi.ANTHROPIC_MESSAGES, model)).call(ask(Q), new FailoverKit.Seen());

        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isGreaterThanOrEqualTo(Duration.ofSeconds(1));
        assertThat(r.response().text()).isEqualTo(answer(model));
        assertThat(kit.attemptsOn(model)).isEqualTo(2);
        assertThat(r.attempts().get(0).reason()).isEqualTo(Reason.RATE_LIMIT);
    }

    @Test
    void aStallMidStreamIsCutRebuiltAndContinuedOnTheSameProviderWithoutDuplicatedText() throws Exception {
        String model = "stall:after=3,times=1";
        var seen = new FailoverKit.Seen();
        long t0 = System.nanoTime();
        CallResult r = kit.caller(kit.route("minimax", WireApi.ANTHROPIC_MESSAGES, model)).call(ask(Q), seen);

        assertThat(seen.text.toString()).isEqualTo(answer(model));
        assertThat(r.response().text()).isEqualTo(answer(model));
        assertThat(seen.restarts).isZero();
        assertThat(seen.statusText()).contains("stall", "rebuilding client", "retry 1/2", "continuing the answer");
        List<SimAttempt> attempts = sim.attempts();
        assertThat(attempts).hasSize(2);
        assertThat(attempts.get(0).prefill()).isFalse();
        assertThat(attempts.get(1).prefill()).isTrue();
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(FailoverKit.bound(1));
    }

    @Test
    void theSameFailureTwiceMovesToTheFallbackWhichContinuesByPrefill() throws Exception {
        Route primary = kit.route("primary", WireApi.CHAT_COMPLETIONS, "stall:after=2");
        Route fallback = kit.route("fallback", WireApi.ANTHROPIC_MESSAGES, "healthy");
        var seen = new FailoverKit.Seen();

        CallResult r = new FailoverCaller(primary, List.of(fallback),
                kit.builder(2, EventLog.NONE).moveOnAfterTimeout(false).build()).call(ask(Q), seen);

        assertThat(kit.attemptsOn("stall:after=2")).isEqualTo(2);
        assertThat(kit.attemptsOn("healthy")).isEqualTo(1);
        assertThat(seen.text.toString()).isEqualTo(answer("healthy"));
        assertThat(r.response().provider()).isEqualTo("fallback");
        assertThat(seen.statusText()).contains("falling back to fallback/healthy");
    }

    @Test
    void aCutAnswerIsRestartedOnAFallbackThatCannotContinueItAndTheCallerIsToldToReplaceIt() throws Exception {
        Route primary = kit.route("primary", WireApi.ANTHROPIC_MESSAGES, "cut:after=4");
        Route fallback = kit.route("fallback", WireApi.CHAT_COMPLETIONS, "healthy");
        var seen = new FailoverKit.Seen();

        CallResult r = kit.caller(primary, fallback).call(ask(Q), seen);

        assertThat(seen.restarts).isEqualTo(1);
        assertThat(seen.text.toString()).isEqualTo(answer("healthy"));
        assertThat(r.response().text()).isEqualTo(answer("healthy"));
        assertThat(sim.attempts()).filteredOn(a -> a.model().equals("healthy")).singleElement()
                .satisfies(a -> assertThat(a.prefill()).isFalse());
    }

    @Test
    void secondSeed_aContentFilterKillMidStreamFallsBackAfterOneAttemptAndNeverLoops() throws Exception {
        String filtered = "content-filter:after=3";
        Route primary = kit.route("minimax", WireApi.ANTHROPIC_MESSAGES, filtered);
        Route fallback = kit.route("openrouter", WireApi.ANTHROPIC_MESSAGES, "healthy");
        var seen = new FailoverKit.Seen();

        CallResult r = kit.caller(primary, fallback).call(ask(Q), seen);

        assertThat(kit.attemptsOn(filtered)).isEqualTo(1);
        assertThat(r.attempts().get(0).reason()).isEqualTo(Reason.CONTENT_FILTERED);
        assertThat(seen.text.toString()).isEqualTo(answer("healthy"));
        assertThat(r.response().provider()).isEqualTo("openrouter");
    }

    @Test
    void secondSeed_aToolCallCutByTheFilterIsNeverReturnedCutAndIsAskedForAgainOnTheFallback() throws Exception {
        var call = SimScript.ToolCall.of("write_file", Map.of("path", "notes.md", "content", "x".repeat(300)));
        sim.registerScript(new SimScript("writer-filtered", List.of(SimScript.Turn.tools(call)
                .withFault("content-filter-tool:after=2"))));
        sim.registerScript(new SimScript("writer", List.of(SimScript.Turn.tools(call))));
        Route primary = kit.route("minimax", WireApi.ANTHROPIC_MESSAGES, "scripted:writer-filtered");
        Route fallback = kit.route("openrouter", WireApi.CHAT_COMPLETIONS, "scripted:writer");
        ChatRequest request = new ChatRequest("x", List.of(Message.user("write the notes")), List.of(new ToolDefinition(
                "write_file", "writes a file", "{\"type\":\"object\",\"properties\":{\"path\":{\"type\":\"string\"},"
                + "\"content\":{\"type\":\"string\"}}}")), null, null);

        CallResult r = kit.caller(primary, fallback).call(request, new FailoverKit.Seen());

        assertThat(kit.attemptsOn("scripted:writer-filtered")).isEqualTo(1);
        assertThat(r.response().toolUses()).singleElement().satisfies(u -> {
            assertThat(u.name()).isEqualTo("write_file");
            assertThat(u.argumentsJson()).contains("\"path\"", "notes.md", "x".repeat(300));
        });
        assertThat(r.response().provider()).isEqualTo("openrouter");
    }

    @Test
    void aFallbackThatRejectsPrefillIsRetriedByRestartingAndTheUserNeverSeesThe400() throws Exception {
        Route primary = kit.route("primary", WireApi.CHAT_COMPLETIONS, "cut:after=4");
        Route picky = kit.route("picky", WireApi.ANTHROPIC_MESSAGES, "no-prefill");
        var seen = new FailoverKit.Seen();

        CallResult r = kit.caller(primary, picky).call(ask(Q), seen);

        assertThat(seen.text.toString()).isEqualTo(answer("no-prefill"));
        List<SimAttempt> onPicky = sim.attempts().stream().filter(a -> a.model().equals("no-prefill")).toList();
        assertThat(onPicky).extracting(SimAttempt::prefill).containsExactly(true, false);
        assertThat(r.response().provider()).isEqualTo("picky");
        assertThat(kit.prefill.accepts(picky)).isFalse();
    }

    @Test
    void aContextOverflowEndsTheCallAtOnceAskingForCompression() {
        Route primary = kit.route("primary", WireApi.CHAT_COMPLETIONS, "context-length");
        Route fallback = kit.route("fallback", WireApi.ANTHROPIC_MESSAGES, "healthy");

        assertThatThrownBy(() -> kit.caller(primary, fallback).call(ask(Q), new FailoverKit.Seen()))
                .isInstanceOfSatisfying(CallFailedException.class,
                        e -> assertThat(e.finalReason()).isEqualTo(Reason.CONTEXT_OVERFLOW));
        assertThat(sim.attempts()).hasSize(1);
    }

    @Test
    void whenNothingCanAnswerTheErrorNamesEveryAttemptWithinTheComputedBound(@TempDir Path logs) throws Exception {
        Route primary = kit.route("primary", WireApi.ANTHROPIC_MESSAGES, "overloaded-529");
        Route fallback = kit.route("fallback", WireApi.CHAT_COMPLETIONS, "auth-error");
        EventLog log = EventLog.inDirectory(logs);
        FailoverCaller caller = new FailoverCaller(primary, List.of(fallback), kit.settings(2, log));
        long t0 = System.nanoTime();

        assertThatThrownBy(() -> caller.call(ask(Q), new FailoverKit.Seen()))
                .isInstanceOfSatisfying(CallFailedException.class, e -> {
                    assertThat(e.attempts()).extracting(AttemptRecord::reason)
                            .containsExactly(Reason.OVERLOADED, Reason.OVERLOADED, Reason.AUTH);
                    assertThat(e.getMessage()).contains("1. primary/overloaded-529: overloaded", "3. fallback/auth-error: auth", " ms)");
                });
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(FailoverKit.bound(2));
        log.close();
        assertThat(Files.readAllLines(logs.resolve("errors.log"))).hasSize(3)
                .allSatisfy(line -> assertThat(line).contains("provider=", "model=", "reason=", "attempt=", "elapsed_ms="));
    }

    @Test
    void aFallbackIdenticalToTheFailedRouteIsSkippedButAnotherModelOnTheSameBackendIsTried() throws Exception {
        Route primary = kit.route("or", WireApi.CHAT_COMPLETIONS, "overloaded-503");
        Route same = kit.route("or", WireApi.CHAT_COMPLETIONS, "overloaded-503");
        Route otherModel = kit.route("or", WireApi.CHAT_COMPLETIONS, "healthy");
        var seen = new FailoverKit.Seen();

        CallResult r = kit.caller(primary, same, otherModel).call(ask(Q), seen);

        assertThat(kit.attemptsOn("overloaded-503")).isEqualTo(2);
        assertThat(r.response().model()).isEqualTo("healthy");
        assertThat(seen.statusText()).contains("skipping or/overloaded-503: same route as one that already failed");
    }

    /**
     * Blocked before the headers (no-response) or in the middle of the body (stall), on either kind
     * of thread: an interrupt ends the call at once as cancelled, and nothing is retried.
     */
    @ParameterizedTest(name = "{0}, called on a {1} thread")
    @CsvSource({"no-response, PLATFORM", "no-response, VIRTUAL", "stall:after=3, PLATFORM", "stall:after=3, VIRTUAL"})
    void anInterruptEndsAHungCallPromptly(String model, FailoverKit.CallerThread thread) throws Exception {
        Duration patient = Duration.ofSeconds(30);
        Route primary = kit.route("primary", WireApi.CHAT_COMPLETIONS, model,
                new StreamTimeouts(patient, patient, patient, patient, patient, patient),
                dev.hermes.provider.CredentialSource.NONE);
        FailoverCaller caller = kit.caller(primary);
        var seen = new FailoverKit.Seen();
        long t0 = System.nanoTime();
        var running = thread.start(() -> caller.call(ask(Q), seen));
        boolean midBody = model.startsWith("stall");
        while (midBody ? seen.textSoFar().isEmpty() : sim.attempts().isEmpty()) {
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).as("the call got under way").isLessThan(patient);
            Thread.sleep(2);
        }
        running.thread().interrupt();

        assertThatThrownBy(running::result).isInstanceOf(InterruptedException.class);
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(5));
        assertThat(sim.attempts()).hasSize(1);
        assertThat(seen.statusText()).as("a cancellation is no failure of the provider's").isEmpty();
        assertThat(kit.breakers.forRoute(primary.key()).state()).isEqualTo(new CircuitBreaker.State.Closed(0, 0));
    }

    /** A consumer that takes far longer than content-idle over one delta is not a stalled provider. */
    @ParameterizedTest
    @EnumSource(FailoverKit.CallerThread.class)
    void aSlowConsumerIsNotTakenForAStalledProvider(FailoverKit.CallerThread thread) throws Exception {
        Duration slow = FailoverKit.FAST.contentIdle().multipliedBy(3);
        var seen = new FailoverKit.Seen() {
            @Override
            public void text(String delta) {
                if (textSoFar().isEmpty()) {
                    try {
                        Thread.sleep(slow); // the consumer's own pace, not a wait for a condition
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                super.text(delta);
            }
        };
        FailoverCaller caller = kit.caller(kit.route("primary", WireApi.CHAT_COMPLETIONS, "healthy"),
                kit.route("fallback", WireApi.CHAT_COMPLETIONS, "healthy:chunk_words=4"));

        CallResult r = thread.run(() -> caller.call(ask(Q), seen));

        assertThat(r.response().provider()).as(seen.statusText()).isEqualTo("primary");
        assertThat(r.response().text()).isEqualTo(answer("healthy"));
        assertThat(sim.attempts()).hasSize(1);
    }

    @Test
    void anAnswerFromTheRetryEqualsTheAssembledToolAndTextBlocks() throws Exception {
        String model = "error-500-once";
        CallResult r = kit.caller(kit.route("sim", WireApi.CHAT_COMPLETIONS, model)).call(ask(Q), new FailoverKit.Seen());

        assertThat(r.response().message().content()).singleElement().isInstanceOf(ContentBlock.Text.class);
        assertThat(r.response().text()).isEqualTo(answer(model));
        assertThat(r.attempts()).extracting(AttemptRecord::reason).containsExactly(Reason.SERVER_ERROR, null);
    }
}

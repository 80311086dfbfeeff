package dev.hermes.failover;

import dev.hermes.failover.FailoverPropertiesTest.Case;
import dev.hermes.failover.FailoverPropertiesTest.RouteSpec;
import dev.hermes.failover.InMemoryProviders.Fault;
import dev.hermes.provider.WireApi;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

/**
 * Counterexamples the property suite found (shrunk), and the defects of issue 8 as generated
 * cases, each checked against every invariant of {@link FailoverPropertiesTest#check}.
 */
class FailoverRegressionTest {

    private static RouteSpec route(int provider, WireApi wire, Fault fault) {
        return new RouteSpec(provider, wire, fault, 0);
    }

    /** Defect 1: a throttled model on a lone key; the fallback is another model on the same provider and key. */
    @Test
    void aThrottledModelLeavesAnotherModelOnTheSameKeyReachable() throws Exception {
        FailoverPropertiesTest.check(new Case(List.of(
                route(0, WireApi.CHAT_COMPLETIONS, new Fault.Http(429, "rate_limit_error", "Rate limit", Duration.ofSeconds(3600))),
                route(0, WireApi.CHAT_COMPLETIONS, new Fault.Healthy())), 1, 2, true, false));
    }

    /** Defect 1, auth: the endpoint's only key rejected for one model; the last route there is still tried. */
    @Test
    void aRejectedKeyIsTriedOnceMoreOnTheLastHope() throws Exception {
        FailoverPropertiesTest.check(new Case(List.of(
                route(0, WireApi.ANTHROPIC_MESSAGES, new Fault.Http(401, "authentication_error", "invalid x-api-key", null)),
                route(0, WireApi.ANTHROPIC_MESSAGES, new Fault.Healthy())), 1, 2, true, true));
    }

    /**
     * Shrunk by the property suite: a 401 benches the lone key at the endpoint; the healthy model
     * there was skipped because a later route existed, but that route was benched too and failed.
     * Benched routes are now tried after the rest of the chain, never dropped.
     */
    @Test
    void aBenchedHealthyRouteIsTriedAfterTheRestOfTheChainFails() throws Exception {
        FailoverPropertiesTest.check(new Case(List.of(
                route(0, WireApi.CHAT_COMPLETIONS, new Fault.Http(401, "authentication_error", "invalid x-api-key", null)),
                route(0, WireApi.CHAT_COMPLETIONS, new Fault.Healthy()),
                route(0, WireApi.CHAT_COMPLETIONS, new Fault.Http(429, "rate_limit_error", "Rate limit reached", null))),
                1, 0, true, true));
        FailoverPropertiesTest.check(new Case(List.of(
                route(0, WireApi.CHAT_COMPLETIONS, new Fault.Http(401, "authentication_error", "invalid x-api-key", null)),
                route(0, WireApi.CHAT_COMPLETIONS, new Fault.Healthy()),
                route(1, WireApi.ANTHROPIC_MESSAGES, new Fault.FinishFilter(4))), 1, 1, false, true));
    }

    /** Defect 3: a content filter inside a tool call on the chat wire, with retries to spare. */
    @Test
    void aFilterInsideAToolCallIsNotAskedAgain() throws Exception {
        FailoverPropertiesTest.check(new Case(List.of(
                route(0, WireApi.CHAT_COMPLETIONS, new Fault.Filter(3)),
                route(1, WireApi.CHAT_COMPLETIONS, new Fault.Healthy())), 1, 3, true, true));
    }

    /** Defect 4: headers never come; the fallback answers within one timeout. */
    @Test
    void aPrimaryWithoutHeadersCostsOneTimeout() throws Exception {
        FailoverPropertiesTest.check(new Case(List.of(
                route(0, WireApi.CHAT_COMPLETIONS, new Fault.NoHeaders()),
                route(1, WireApi.ANTHROPIC_MESSAGES, new Fault.Healthy())), 1, 2, true, false));
    }

    /**
     * The slow-drip guard: off, a drip runs to the attempt deadline; on, the guard ends it. (The
     * harness's clock is moved by the dripping reader, which may run ahead of the caller by the
     * queue's length, so only the cause is asserted, not the fake time.)
     */
    @Test
    void theSlowDripGuardEndsADripAfterOneWindowAndIsOffByDefault() throws Exception {
        for (SlowDrip guard : new SlowDrip[]{null, new SlowDrip(10, Duration.ofSeconds(5))}) {
            InMemoryProviders mem = new InMemoryProviders();
            var primary = mem.route("p0", WireApi.CHAT_COMPLETIONS, "m0", 1,
                    new InMemoryProviders.Script(new Fault.Drip(1), 0, false));
            var fallback = mem.route("p1", WireApi.CHAT_COMPLETIONS, "m1", 1,
                    new InMemoryProviders.Script(new Fault.Healthy(), 0, false));
            long t0 = mem.clock.nanoTime();
            CallResult r = new FailoverCaller(primary, List.of(fallback), mem.settings(2, true).toBuilder().slowDrip(guard).build())
                    .call(FailoverKit.ask("rivers"), new FailoverKit.Seen());
            Duration took = Duration.ofNanos(mem.clock.nanoTime() - t0);
            org.assertj.core.api.Assertions.assertThat(r.response().text()).isEqualTo(InMemoryProviders.ANSWER);
            org.assertj.core.api.Assertions.assertThat(r.attempts().getFirst().reason()).isEqualTo(Reason.STALL);
            if (guard == null) {
                org.assertj.core.api.Assertions.assertThat(took).isGreaterThanOrEqualTo(InMemoryProviders.TIMERS.deadline());
                org.assertj.core.api.Assertions.assertThat(r.attempts().getFirst().detail()).contains("deadline");
            } else {
                org.assertj.core.api.Assertions.assertThat(r.attempts().getFirst().detail())
                        .contains("characters of content in 5 s", "failover.slow_drip_min_chars");
            }
        }
    }

    /** Issue 9 item 1: an endless stream on the primary; the fallback's answer, once. */
    @Test
    void anEndlessStreamMovesOnAndTheAnswerStartsOver() throws Exception {
        FailoverPropertiesTest.check(new Case(List.of(
                route(0, WireApi.ANTHROPIC_MESSAGES, new Fault.Endless(2)),
                route(1, WireApi.ANTHROPIC_MESSAGES, new Fault.Healthy())), 2, 1, false, false));
    }
}

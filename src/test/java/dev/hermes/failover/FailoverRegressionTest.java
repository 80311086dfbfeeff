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

    /** Issue 9 item 1: an endless stream on the primary; the fallback's answer, once. */
    @Test
    void anEndlessStreamMovesOnAndTheAnswerStartsOver() throws Exception {
        FailoverPropertiesTest.check(new Case(List.of(
                route(0, WireApi.ANTHROPIC_MESSAGES, new Fault.Endless(2)),
                route(1, WireApi.ANTHROPIC_MESSAGES, new Fault.Healthy())), 2, 1, false, false));
    }
}

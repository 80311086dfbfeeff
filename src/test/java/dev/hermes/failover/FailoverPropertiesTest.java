package dev.hermes.failover;

import dev.hermes.failover.InMemoryProviders.Fault;
import dev.hermes.failover.InMemoryProviders.Script;
import dev.hermes.llm.ChatResponse;
import dev.hermes.llm.ContentBlock;
import dev.hermes.provider.Route;
import dev.hermes.provider.WireApi;
import dev.hermes.util.JsonText;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static dev.hermes.failover.FailoverKit.ask;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Generated call schedules, checked against the promise's invariants, through the production
 * {@link FailoverCaller} on the in-memory harness ({@link InMemoryProviders}): every fault an
 * HTTP response or a stream can have (before headers, after k chunks, inside a tool call),
 * chains of 1-4 routes on one or two providers and both wires, key pools of 1-3, retry budgets
 * of 0-3, move-on-after-timeout on or off. Invariants, per case:
 * <ol>
 *   <li>exactly one complete answer when a healthy route is reachable, else one clean error
 *       naming every attempt;</li>
 *   <li>time within {@link WorstCase#bound}; with move-on-after-timeout and only stalls before a
 *       healthy route, within one timeout per stalled route;</li>
 *   <li>at most one attempt on a route after it filtered content;</li>
 *   <li>no tool call with incomplete arguments returned;</li>
 *   <li>nothing the caller saw duplicated or lost;</li>
 *   <li>no key in any output;</li>
 *   <li>benches and breakers never make a healthy route unreachable within the call (part of 1).</li>
 * </ol>
 * Shrunk counterexamples are kept as named cases in {@link FailoverRegressionTest}.
 */
class FailoverPropertiesTest {

    /** One route of a generated chain: provider 0 or 1, its wire, its script. */
    record RouteSpec(int provider, WireApi wire, Fault fault, int times) {
    }

    /** A generated call. */
    record Case(List<RouteSpec> routes, int keys, int retries, boolean moveOn, boolean tool) {
    }

    @Property(tries = 2000)
    void everyCallKeepsThePromise(@ForAll("cases") Case c) throws Exception {
        check(c);
    }

    @Provide
    Arbitrary<Case> cases() {
        Arbitrary<RouteSpec> route = Combinators.combine(Arbitraries.integers().between(0, 1),
                Arbitraries.of(WireApi.class), faults(), Arbitraries.integers().between(0, 2)).as(RouteSpec::new);
        return Combinators.combine(route.list().ofMinSize(1).ofMaxSize(4), Arbitraries.integers().between(1, 3),
                Arbitraries.integers().between(0, 3), Arbitraries.of(true, false), Arbitraries.of(true, false))
                .as(Case::new);
    }

    static Arbitrary<Fault> faults() {
        Arbitrary<Integer> after = Arbitraries.integers().between(0, 8);
        return Arbitraries.oneOf(
                Arbitraries.just(new Fault.Healthy()),
                Arbitraries.just(new Fault.Healthy()),
                Arbitraries.of(
                        new Fault.Http(429, "rate_limit_error", "Rate limit reached", null),
                        new Fault.Http(429, "rate_limit_error", "Rate limit reached", Duration.ofSeconds(1)),
                        new Fault.Http(429, "rate_limit_error", "Rate limit reached", Duration.ofSeconds(3600)),
                        new Fault.Http(500, "server_error", "boom", null),
                        new Fault.Http(503, "overloaded_error", "Overloaded", null),
                        new Fault.Http(401, "authentication_error", "invalid x-api-key", null),
                        new Fault.Http(402, "billing_error", "insufficient balance", null),
                        new Fault.Http(400, "invalid_request_error", "this violates our usage policies", null),
                        new Fault.Http(400, "invalid_request_error", "prompt is too long: 9000 tokens > 8192", null),
                        new Fault.Http(404, "not_found_error", "model_not_found: no such model", null)),
                Arbitraries.of(new Fault.NoHeaders(), new Fault.Reset()),
                after.map(Fault.Stall::new), after.map(Fault.Cut::new), after.map(Fault.Malformed::new),
                after.map(a -> new Fault.StreamError(a, "overloaded_error", "Overloaded")),
                after.map(Fault.Filter::new), after.map(Fault.FinishFilter::new), after.map(Fault.Endless::new), after.map(Fault.Drip::new));
    }

    /** Runs one case and checks every invariant; named regression tests call it too. */
    static void check(Case c) throws Exception {
        InMemoryProviders mem = new InMemoryProviders();
        List<Route> chain = new ArrayList<>();
        for (int i = 0; i < c.routes().size(); i++) {
            RouteSpec r = c.routes().get(i);
            chain.add(mem.route("p" + r.provider(), r.wire(), "m" + i, c.keys(), new Script(r.fault(), r.times(), c.tool())));
        }
        FailoverCaller caller = new FailoverCaller(chain.getFirst(), chain.subList(1, chain.size()),
                mem.settings(c.retries(), c.moveOn()));
        var seen = new FailoverKit.Seen();
        long t0 = mem.clock.nanoTime();
        CallResult result = null;
        CallFailedException failure = null;
        try {
            result = caller.call(ask("rivers"), seen);
        } catch (CallFailedException e) {
            failure = e;
        }
        Duration elapsed = Duration.ofNanos(mem.clock.nanoTime() - t0);
        String everything = seen.statusText() + seen.text + (failure == null ? "" : failure.getMessage());

        // 1 and 7: a reachable healthy route answers; otherwise one clean error naming every attempt
        int healthy = firstHealthy(c);
        if (healthy >= 0) assertThat(failure).as("a healthy route is reachable: %s", everything).isNull();
        if (failure != null) {
            long requested = failure.attempts().stream().filter(a -> !(a instanceof AttemptRecord.Skipped)).count();
            assertThat(requested).as(everything).isEqualTo(mem.requests.size());
            for (AttemptRecord a : failure.attempts()) assertThat(failure.getMessage()).contains(a.route());
        } else {
            // 4 and 5: the complete answer, once, as the caller saw it
            ChatResponse r = result.response();
            if (c.tool()) {
                List<ContentBlock.ToolUse> calls = r.toolUses();
                assertThat(calls).as(everything).hasSize(1);
                assertThat(JsonText.isObject(calls.getFirst().argumentsJson())).isTrue();
                assertThat(calls.getFirst().argumentsJson()).isEqualTo(InMemoryProviders.TOOL_ARGS);
                assertThat(seen.text.toString()).as(everything).isEqualTo(r.text());
            } else {
                assertThat(seen.text.toString()).as(everything).isEqualTo(InMemoryProviders.ANSWER);
                assertThat(r.text()).isEqualTo(InMemoryProviders.ANSWER);
            }
        }
        // 2: bounded time
        List<dev.hermes.stream.StreamTimeouts> timers = chain.stream().map(x -> InMemoryProviders.TIMERS).toList();
        Duration bound = WorstCase.bound(new WorstCase.Config(timers, c.retries(), InMemoryProviders.BACKOFF,
                Duration.ofMillis(10)));
        assertThat(elapsed).as(everything).isLessThanOrEqualTo(bound);
        if (c.moveOn() && healthy > 0 && c.routes().subList(0, healthy).stream().allMatch(FailoverPropertiesTest::timesOut)) {
            Duration oneTimeout = InMemoryProviders.TIMERS.contentIdle().plus(InMemoryProviders.TIMERS.firstContent())
                    .plusMillis(1);
            assertThat(elapsed).as(everything).isLessThanOrEqualTo(oneTimeout.multipliedBy(healthy));
        }
        // 3: a route that filtered content is not asked again
        for (int i = 0; i < c.routes().size(); i++) {
            if (filters(c.routes().get(i).fault())) assertThat(mem.attemptsOn("m" + i)).as(everything).isLessThanOrEqualTo(1);
        }
        // 6: no key anywhere
        assertThat(everything).doesNotContain("SECRET");
    }

    /** The first route that always answers and that the call reaches (no earlier fault ends the call), or -1. */
    private static int firstHealthy(Case c) {
        for (int i = 0; i < c.routes().size(); i++) {
            Fault f = c.routes().get(i).fault();
            if (f instanceof Fault.Healthy) return i;
            if (f instanceof Fault.Http h && h.message().contains("too long")) return -1; // compress: never falls back
        }
        return -1;
    }

    private static boolean timesOut(RouteSpec r) {
        return r.times() == 0 && (r.fault() instanceof Fault.Stall || r.fault() instanceof Fault.NoHeaders);
    }

    private static boolean filters(Fault f) {
        return f instanceof Fault.Filter || f instanceof Fault.FinishFilter
                || f instanceof Fault.Http h && h.message().contains("usage policies");
    }
}

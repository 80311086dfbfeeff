package dev.hermes.failover;

import dev.hermes.provider.Route;
import dev.hermes.provider.WireApi;
import dev.hermes.sim.SimServer;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

import java.time.Duration;

import static dev.hermes.failover.FailoverKit.ask;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A sampled subset of the generated schedules over sockets: a simulator fault (where it strikes
 * chosen at random) on the primary, a healthy fallback on either wire, through the real clients.
 * Invariants 1, 2, 3 and 5 of {@link FailoverPropertiesTest}; the in-memory suite covers the rest
 * in bulk.
 */
class SimulatorPropertiesTest {

    private static final String Q = "What happens to rivers in winter";
    private static final String FALLBACK = "healthy:chunk_words=4";
    private static SimServer sim;

    @BeforeContainer
    static void start() throws Exception {
        sim = SimServer.start();
    }

    @AfterContainer
    static void stop() {
        sim.close();
    }

    record Sample(String fault, WireApi primaryWire, WireApi fallbackWire) {
    }

    @Provide
    Arbitrary<Sample> samples() {
        Arbitrary<String> fault = Arbitraries.integers().between(0, 5).flatMap(n -> Arbitraries.of(
                "rate-limit:retry_after_ms=20", "error-500-once", "overloaded-503", "reset-before-headers", "no-response",
                "cut:after=" + n, "cut:after=" + n + ",clean=true", "stall:after=" + n,
                "pings-only:after=" + n + ",interval_ms=50", "malformed:after=" + n, "content-filter:after=" + n,
                "content-filter-tool:after=" + n, "auth-error", "endless:after=" + n, "down:ms=600000"));
        return Combinators.combine(fault, Arbitraries.of(WireApi.class), Arbitraries.of(WireApi.class)).as(Sample::new);
    }

    @Property(tries = 12)
    void aFaultyPrimaryAndAHealthyFallbackGiveOneCompleteAnswerInTime(@ForAll("samples") Sample s) throws Exception {
        sim.reset();
        try (FailoverKit kit = new FailoverKit(sim)) {
            Route primary = kit.route("primary", s.primaryWire(), s.fault());
            Route fallback = kit.route("fallback", s.fallbackWire(), FALLBACK);
            var seen = new FailoverKit.Seen();
            long t0 = System.nanoTime();

            CallResult r = kit.caller(primary, fallback).call(ask(Q), seen);

            Duration took = Duration.ofNanos(System.nanoTime() - t0);
            String answer = SimServer.canonicalAnswer(FALLBACK, Q);
            assertThat(seen.text.toString()).as(seen.statusText()).isEqualTo(answer);
            assertThat(r.response().text()).isEqualTo(answer);
            assertThat(took).isLessThan(FailoverKit.bound(2));
            if (s.fault().startsWith("content-filter")) assertThat(kit.attemptsOn(s.fault())).isEqualTo(1);
        }
    }
}

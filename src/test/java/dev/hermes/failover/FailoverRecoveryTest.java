package dev.hermes.failover;

import dev.hermes.llm.ApiError;
import dev.hermes.provider.Credential;
import dev.hermes.provider.CredentialSource;
import dev.hermes.provider.MissingCredentialException;
import dev.hermes.provider.Route;
import dev.hermes.provider.WireApi;
import dev.hermes.provider.credentials.CredentialStore;
import dev.hermes.provider.credentials.KeyResolver;
import dev.hermes.provider.credentials.PoolStrategy;
import dev.hermes.sim.SimOptions;
import dev.hermes.sim.SimServer;
import dev.hermes.util.MonotonicClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicBoolean;

import static dev.hermes.failover.FailoverKit.ask;
import static org.assertj.core.api.Assertions.assertThat;

/** Recovery beyond one call: breakers that let a recovered primary back in, key rotation, rebuilds. */
@Timeout(60)
class FailoverRecoveryTest {

    private static final String Q = "How do glaciers move";
    private static final String KEY = "sk-good-key-0123456789";

    private SimServer sim;
    private FailoverKit kit;

    @AfterEach
    void stop() {
        if (kit != null) kit.close();
        if (sim != null) sim.close();
    }

    @Test
    void aPrimaryThatFailsIsSkippedWhileItsBreakerIsOpenAndUsedAgainOnceItRecovers() throws Exception {
        sim = SimServer.start();
        Duration cooldown = Duration.ofMillis(600);
        kit = new FailoverKit(sim, new CircuitBreaker.Config(2, cooldown, cooldown, Duration.ofSeconds(5), Duration.ofSeconds(5)));
        String flapping = "down:ms=500";
        Route primary = kit.route("primary", WireApi.ANTHROPIC_MESSAGES, flapping);
        Route fallback = kit.route("fallback", WireApi.CHAT_COMPLETIONS, "healthy");
        FailoverCaller caller = kit.caller(primary, fallback);

        // 1st call: two 503s open the primary's breaker; the fallback answers.
        CallResult first = caller.call(ask(Q), new FailoverKit.Seen());
        assertThat(first.response().provider()).isEqualTo("fallback");
        assertThat(kit.attemptsOn(flapping)).isEqualTo(2);

        // 2nd call, breaker open: the primary is not even tried.
        var seen = new FailoverKit.Seen();
        CallResult second = caller.call(ask(Q), seen);
        assertThat(second.response().provider()).isEqualTo("fallback");
        assertThat(kit.attemptsOn(flapping)).isEqualTo(2);
        assertThat(seen.statusText()).contains("skipping primary/" + flapping + ": circuit open");

        // After the cooldown (and the outage), the next call probes the primary and it answers.
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        CallResult third;
        do {
            Thread.sleep(100);
            third = caller.call(ask(Q), new FailoverKit.Seen());
        } while (!third.response().provider().equals("primary") && System.nanoTime() < deadline);
        assertThat(third.response().provider()).isEqualTo("primary");
        assertThat(third.response().text()).isEqualTo(SimServer.canonicalAnswer(flapping, Q));
    }

    @Test
    void aRejectedKeyIsBenchedAndTheNextKeyOfThePoolIsTriedOnTheSameProvider() throws Exception {
        sim = SimServer.start(0, SimOptions.defaults().withRequiredKey(KEY));
        kit = new FailoverKit(sim);
        KeyResolver keys = new KeyResolver() {
            @Override
            public List<Credential> resolve() {
                return List.of(new Credential("sk-revoked-key-9876543210", "test", "key#1"), new Credential(KEY, "test", "key#2"));
            }

            @Override
            public String describeMissing() {
                return "no keys";
            }
        };
        CredentialStore store = new CredentialStore(MonotonicClock.SYSTEM, new SplittableRandom(1));
        Route primary = kit.route("primary", WireApi.ANTHROPIC_MESSAGES, "healthy", FailoverKit.FAST,
                store.pool("p", "primary", keys, PoolStrategy.FILL_FIRST));
        var seen = new FailoverKit.Seen();

        CallResult r = kit.caller(primary).call(ask(Q), seen);

        assertThat(r.response().text()).isEqualTo(SimServer.canonicalAnswer("healthy", Q));
        assertThat(r.attempts()).extracting(AttemptRecord::reason).containsExactly(Reason.AUTH, null);
        assertThat(seen.statusText()).contains("trying the next key");
        assertThat(sim.attempts()).hasSize(2);
    }

    @Test
    void aRebuildThatCannotResolveAKeyIsAClassifiedFailureRoutedToTheFallback() throws Exception {
        sim = SimServer.start(0, SimOptions.defaults().withRequiredKey(KEY));
        kit = new FailoverKit(sim);
        AtomicBoolean keyRemoved = new AtomicBoolean();
        CredentialSource vanishing = new CredentialSource() {
            @Override
            public Credential acquire() {
                if (keyRemoved.get()) throw new MissingCredentialException("minimax", "no API key: set MINIMAX_API_KEY");
                return new Credential(KEY, "env MINIMAX_API_KEY", "key#1");
            }

        };
        Route primary = kit.route("minimax", WireApi.ANTHROPIC_MESSAGES, "stall:after=2", FailoverKit.FAST, vanishing);
        Route fallback = kit.route("fallback", WireApi.ANTHROPIC_MESSAGES, "healthy", FailoverKit.FAST,
                new CredentialSource() {
                    @Override
                    public Credential acquire() {
                        return new Credential(KEY, "env FALLBACK_KEY", "key#1");
                    }
                });
        var seen = new FailoverKit.Seen() {
            @Override
            public synchronized void status(String line) {
                super.status(line);
                keyRemoved.set(true); // the key disappears while the first attempt is failing
            }
        };

        // retrying the stalled route (not moving on at once) is what needs the rebuild
        CallResult r = new FailoverCaller(primary, List.of(fallback),
                kit.builder(2, dev.hermes.log.EventLog.NONE).moveOnAfterTimeout(false).build()).call(ask(Q), seen);

        assertThat(r.attempts()).extracting(AttemptRecord::reason)
                .containsExactly(Reason.STALL, Reason.REBUILD_FAILED, null);
        assertThat(r.attempts().get(1).detail()).contains("MINIMAX_API_KEY");
        assertThat(seen.text.toString()).isEqualTo(SimServer.canonicalAnswer("healthy", Q));
        assertThat(kit.attemptsOn("stall:after=2")).isEqualTo(1);
    }

    @Test
    void aCallDeadlineEndsTheWholeCallInTimeWhateverTheRoutesTimersWouldAllow() throws Exception {
        sim = SimServer.start();
        kit = new FailoverKit(sim);
        // Each route alone would wait 3 s for content; the call as a whole is given 600 ms.
        var patient = FailoverKit.FAST.withContentIdle(Duration.ofSeconds(3)).withLivenessIdle(Duration.ofSeconds(3));
        Route primary = kit.route("primary", WireApi.ANTHROPIC_MESSAGES, "stall:after=2", patient, CredentialSource.NONE);
        Route fallback = kit.route("fallback", WireApi.CHAT_COMPLETIONS, "stall:after=2", patient, CredentialSource.NONE);
        FailoverCaller caller = new FailoverCaller(primary, List.of(fallback),
                kit.builder(2, dev.hermes.log.EventLog.NONE).callDeadline(Duration.ofMillis(600)).build());
        long t0 = System.nanoTime();

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> caller.call(ask(Q), new FailoverKit.Seen()))
                .isInstanceOfSatisfying(CallFailedException.class, e -> {
                    assertThat(e.getMessage()).contains("within the call deadline of 0.6 s", "failover.call_deadline_seconds");
                    assertThat(e.attempts()).first().satisfies(a -> assertThat(a.reason()).isEqualTo(Reason.STALL));
                });
        Duration took = Duration.ofNanos(System.nanoTime() - t0);
        assertThat(took).isGreaterThanOrEqualTo(Duration.ofMillis(550)).isLessThan(Duration.ofMillis(1500));
    }

    @Test
    void aFailureReachesTheBreakerOnceWhenTheProviderAsksForALongerWaitThanWeGive() throws Exception {
        sim = SimServer.start();
        kit = new FailoverKit(sim, new CircuitBreaker.Config(2, Duration.ofSeconds(30), Duration.ofSeconds(30),
                Duration.ofMinutes(5), Duration.ofMinutes(5)));
        // 529 is a counted failure; its Retry-After (120 s) is beyond the kit's 2 s cap: move on, not wait.
        String model = "overloaded-529:retry_after=120";
        Route primary = kit.route("primary", WireApi.ANTHROPIC_MESSAGES, model);
        Route fallback = kit.route("fallback", WireApi.CHAT_COMPLETIONS, "healthy");
        var seen = new FailoverKit.Seen();

        CallResult r = kit.caller(primary, fallback).call(ask(Q), seen);

        assertThat(r.response().provider()).isEqualTo("fallback");
        assertThat(kit.attemptsOn(model)).isEqualTo(1);
        assertThat(seen.statusText()).contains("asks to wait 120 s; moving on");
        // one failure against a threshold of two: the breaker is still closed
        assertThat(kit.breakers.forRoute(primary.key()).state())
                .isInstanceOf(CircuitBreaker.State.Closed.class);
    }
}

package dev.hermes.sim;

import dev.hermes.provider.WireApi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

@Timeout(30)
class SimServerCloseTest {

    @Test
    void closeEndsStalledAndHeldConnectionsAndAllThreadsPromptly() throws Exception {
        SimServer sim = SimServer.start();
        try (RawExchange stall = RawExchange.post(sim.port(), "/v1/chat/completions",
                Wire.body(WireApi.CHAT_COMPLETIONS, "stall:after=1", true, "user", "q"));
             RawExchange held = RawExchange.post(sim.port(), "/v1/messages",
                     Wire.body(WireApi.ANTHROPIC_MESSAGES, "no-response", true, "user", "q"));
             RawExchange pings = RawExchange.post(sim.port(), "/v1/messages",
                     Wire.body(WireApi.ANTHROPIC_MESSAGES, "pings-only:after=0,interval_ms=20", true, "user", "q"));
             RawExchange slow = RawExchange.post(sim.port(), "/v1/messages",
                     Wire.body(WireApi.ANTHROPIC_MESSAGES, "slow-first-token:delay_ms=60000", true, "user", "q"))) {
            assertThat(stall.readHead()).isTrue();
            assertThat(pings.readHead()).isTrue();
            assertThat(slow.readHead()).isTrue();
            while (sim.attempts().size() < 4) Thread.sleep(5);
            List<Thread> threads = sim.liveThreads();
            assertThat(threads).hasSize(5); // four connections and the acceptor
            long t0 = System.nanoTime();
            sim.close();
            assertThat((System.nanoTime() - t0) / 1_000_000).isLessThan(2_000);
            assertThat(threads).noneMatch(Thread::isAlive);
            assertThat(sim.liveThreads()).hasSize(1).noneMatch(Thread::isAlive);
            for (RawExchange x : List.of(stall, held, pings, slow)) {
                x.timeout(2_000);
                x.readBody(); // drain what was sent before close
                assertThat(x.serverClosed()).isTrue();
            }
        }
    }

    @Test
    void manyServersStartAndStop() throws Exception {
        for (int i = 0; i < 20; i++) {
            try (SimServer sim = SimServer.start()) {
                assertThat(Wire.get(sim.port(), "/v1/models").statusCode()).isEqualTo(200);
            }
        }
        assertThat(Thread.getAllStackTraces().keySet()).noneMatch(t -> t.getName().startsWith("hermes-sim-"));
    }
}

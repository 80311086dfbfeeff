package dev.hermes.sim;

import dev.hermes.provider.WireApi;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Persistent connections: kept alive like a real provider's, ended by faults that end them and on request. */
class SimConnectionsTest {

    private static final String PATH = "/v1/chat/completions";

    private static String body(String model, boolean stream) {
        return Wire.body(WireApi.CHAT_COMPLETIONS, model, stream, "user", "hi");
    }

    @Test
    void oneConnectionServesRequestAfterRequestStreamedOrNot() throws Exception {
        try (SimServer sim = SimServer.start(); RawExchange ex = RawExchange.post(sim.port(), PATH, body("healthy:words=5", false))) {
            assertThat(ex.readHead()).isTrue();
            assertThat(ex.headers).doesNotContainKey("connection");
            assertThat(ex.readBody().ending()).isEqualTo(RawExchange.Ending.COMPLETE);

            ex.send(PATH, body("healthy:words=5", true));
            assertThat(ex.readHead()).isTrue();
            RawExchange.Body streamed = ex.readBody();
            assertThat(streamed.ending()).isEqualTo(RawExchange.Ending.COMPLETE);
            assertThat(streamed.text()).contains("[DONE]");

            ex.send(PATH, body("rate-limit", false)); // an error answer is a complete response too
            assertThat(ex.readHead()).isTrue();
            assertThat(ex.status).isEqualTo(429);
            assertThat(ex.readBody().ending()).isEqualTo(RawExchange.Ending.COMPLETE);

            ex.send(PATH, body("healthy:words=5", false));
            assertThat(ex.readHead()).isTrue();
            assertThat(ex.status).isEqualTo(200);
            assertThat(sim.attempts()).hasSize(4);
        }
    }

    @Test
    void aCutStreamEndsItsConnectionAsABrokenProviderDoes() throws Exception {
        try (SimServer sim = SimServer.start(); RawExchange ex = RawExchange.post(sim.port(), PATH, body("cut:after=1", true))) {
            assertThat(ex.readHead()).isTrue();
            assertThat(ex.readBody().ending()).isIn(RawExchange.Ending.EOF, RawExchange.Ending.RESET);
            assertThat(ex.serverClosed()).isTrue();
        }
    }

    @Test
    void aStallHoldsItsConnectionUntilTheClientLeavesAndServesNothingElseOnIt() throws Exception {
        try (SimServer sim = SimServer.start(); RawExchange ex = RawExchange.post(sim.port(), PATH, body("stall:after=1", true))) {
            assertThat(ex.readHead()).isTrue();
            assertThat(ex.readBody(300).ending()).isEqualTo(RawExchange.Ending.TIMEOUT);
            ex.send(PATH, body("healthy", false)); // swallowed by the stall, never answered
            ex.timeout(300);
            assertThat(ex.readBody(300).ending()).isEqualTo(RawExchange.Ending.TIMEOUT);
            assertThat(sim.attempts()).hasSize(1);
        }
    }

    @Test
    void aClientAskingToCloseGetsConnectionCloseAndTheEnd() throws Exception {
        try (SimServer sim = SimServer.start();
             RawExchange ex = RawExchange.post(sim.port(), PATH, body("healthy:words=5", false), "Connection: close")) {
            assertThat(ex.readHead()).isTrue();
            assertThat(ex.headers.get("connection")).isEqualTo("close");
            assertThat(ex.readBody().ending()).isEqualTo(RawExchange.Ending.COMPLETE);
            assertThat(ex.serverClosed()).isTrue();
        }
    }

    @Test
    void oneRequestPerConnectionClosesAfterEveryResponse() throws Exception {
        try (SimServer sim = SimServer.start(0, SimOptions.defaults().withOneRequestPerConnection());
             RawExchange ex = RawExchange.post(sim.port(), PATH, body("healthy:words=5", true))) {
            assertThat(ex.readHead()).isTrue();
            assertThat(ex.headers.get("connection")).isEqualTo("close");
            assertThat(ex.readBody().ending()).isEqualTo(RawExchange.Ending.COMPLETE);
            assertThat(ex.serverClosed()).isTrue();
        }
    }
}

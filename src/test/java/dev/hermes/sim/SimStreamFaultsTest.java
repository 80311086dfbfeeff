package dev.hermes.sim;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hermes.provider.WireApi;
import dev.hermes.util.Json;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Faults that break a 200 stream, observed over raw sockets on both wires. */
@Timeout(30)
class SimStreamFaultsTest {

    private SimServer sim;

    @BeforeEach
    void start() throws Exception {
        sim = SimServer.start();
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    private RawExchange open(WireApi wire, String model, String... roleText) throws IOException {
        String[] msgs = roleText.length == 0 ? new String[]{"user", "hello"} : roleText;
        RawExchange x = RawExchange.post(sim.port(), Wire.path(wire), Wire.body(wire, model, true, msgs));
        assertThat(x.readHead()).isTrue();
        assertThat(x.status).isEqualTo(200);
        return x;
    }

    private static boolean hasTerminal(WireApi wire, List<Wire.Event> ev) {
        return ev.stream().anyMatch(e -> wire == WireApi.CHAT_COMPLETIONS ? "[DONE]".equals(e.data())
                : "message_stop".equals(e.name()));
    }

    @ParameterizedTest
    @EnumSource(WireApi.class)
    void cutClosesTheConnectionAfterNChunksWithoutTerminalEvent(WireApi wire) throws Exception {
        try (RawExchange x = open(wire, "cut:after=5")) {
            RawExchange.Body b = x.readBody();
            assertThat(b.ending()).isEqualTo(RawExchange.Ending.EOF);
            List<Wire.Event> ev = Wire.events(b.text());
            assertThat(Wire.contentChunks(wire, ev)).isEqualTo(5);
            assertThat(hasTerminal(wire, ev)).isFalse();
            assertThat(SimServer.canonicalAnswer("cut", "hello")).startsWith(Wire.text(wire, ev));
        }
        assertThat(sim.attempts().getFirst().outcome()).isEqualTo("cut after 5 chunks");
    }

    @Test
    void cutCleanEndsTheBodyProperlyButStillWithoutTerminalEvent() throws Exception {
        try (RawExchange x = open(WireApi.ANTHROPIC_MESSAGES, "cut:after=2,clean=true")) {
            RawExchange.Body b = x.readBody();
            assertThat(b.ending()).isEqualTo(RawExchange.Ending.COMPLETE);
            List<Wire.Event> ev = Wire.events(b.text());
            assertThat(Wire.contentChunks(WireApi.ANTHROPIC_MESSAGES, ev)).isEqualTo(2);
            assertThat(ev).extracting(Wire.Event::name).doesNotContain("message_delta", "message_stop");
        }
    }

    @Test
    void cutStreamFailsTheJdkClientWithAnIoError() {
        assertThatThrownBy(() -> Wire.send(sim.port(), WireApi.CHAT_COMPLETIONS,
                Wire.body(WireApi.CHAT_COMPLETIONS, "cut:after=1", true, "user", "x"))).isInstanceOf(IOException.class);
    }

    @ParameterizedTest
    @EnumSource(WireApi.class)
    void stallSendsNChunksThenKeepsTheSocketOpenAndSilent(WireApi wire) throws Exception {
        try (RawExchange x = open(wire, "stall:after=2")) {
            x.timeout(300);
            RawExchange.Body b = x.readBody();
            assertThat(b.ending()).isEqualTo(RawExchange.Ending.TIMEOUT);
            assertThat(Wire.contentChunks(wire, Wire.events(b.text()))).isEqualTo(2);
            assertThat(x.serverClosed()).as("still open after another wait").isFalse();
        }
        assertThat(sim.attempts().getFirst().outcome()).isEqualTo("stalled after 2 chunks");
    }

    @ParameterizedTest
    @EnumSource(WireApi.class)
    void pingsOnlyKeepsSendingKeepAlivesButNoContent(WireApi wire) throws Exception {
        try (RawExchange x = open(wire, "pings-only:after=1,interval_ms=40")) {
            x.timeout(300);
            RawExchange.Body b = x.readBody(400); // the body never ends: read for a while
            assertThat(b.ending()).isEqualTo(RawExchange.Ending.TIMEOUT);
            StringBuilder all = new StringBuilder(b.text());
            List<Wire.Event> ev = Wire.events(all.toString());
            assertThat(Wire.contentChunks(wire, ev)).isEqualTo(1);
            long pings = ev.stream().filter(e -> wire == WireApi.CHAT_COMPLETIONS ? "ping".equals(e.comment())
                    : "ping".equals(e.name())).count();
            assertThat(pings).as("pings after the content").isGreaterThanOrEqualTo(3);
            assertThat(hasTerminal(wire, ev)).isFalse();
        }
    }

    @ParameterizedTest
    @EnumSource(WireApi.class)
    void malformedEmitsOneBrokenEventThenCarriesOn(WireApi wire) throws Exception {
        try (RawExchange x = open(wire, "malformed:after=2")) {
            RawExchange.Body b = x.readBody();
            int broken = 0;
            for (Wire.Event e : Wire.events(b.text())) {
                if (e.data() == null || e.data().equals("[DONE]")) continue;
                try {
                    Json.MAPPER.readTree(e.data());
                } catch (IOException bad) {
                    broken++;
                }
            }
            assertThat(broken).isEqualTo(1);
            assertThat(b.text()).contains("\"trunc\n\n");
        }
    }

    @ParameterizedTest
    @EnumSource(WireApi.class)
    void noDoneFinishesWithoutTheTerminalEvent(WireApi wire) throws Exception {
        try (RawExchange x = open(wire, "no-done")) {
            RawExchange.Body b = x.readBody();
            assertThat(b.ending()).isEqualTo(RawExchange.Ending.COMPLETE);
            List<Wire.Event> ev = Wire.events(b.text());
            assertThat(hasTerminal(wire, ev)).isFalse();
            assertThat(Wire.text(wire, ev)).isEqualTo(SimServer.canonicalAnswer("no-done", "hello"));
            if (wire == WireApi.CHAT_COMPLETIONS) assertThat(b.text()).contains("\"finish_reason\":\"stop\"");
            else assertThat(ev).extracting(Wire.Event::name).contains("message_delta");
        }
    }

    @ParameterizedTest
    @EnumSource(WireApi.class)
    void contentFilterSendsPartialTextThenTheMiniMax1027Error(WireApi wire) throws Exception {
        try (RawExchange x = open(wire, "content-filter:after=3")) {
            RawExchange.Body b = x.readBody();
            assertThat(b.ending()).isEqualTo(RawExchange.Ending.COMPLETE);
            List<Wire.Event> ev = Wire.events(b.text());
            assertThat(Wire.contentChunks(wire, ev.subList(0, ev.size() - 1))).isEqualTo(3);
            Wire.Event last = ev.getLast();
            if (wire == WireApi.ANTHROPIC_MESSAGES) assertThat(last.name()).isEqualTo("error");
            JsonNode j = last.json();
            assertThat(j.path("base_resp").path("status_code").asInt()).isEqualTo(1027);
            assertThat(j.path("base_resp").path("status_msg").asText()).isEqualTo("output new_sensitive (1027)");
            assertThat(hasTerminal(wire, ev)).isFalse();
        }
    }

    @ParameterizedTest
    @EnumSource(WireApi.class)
    void contentFilterToolCutsInsideToolCallArguments(WireApi wire) throws Exception {
        try (RawExchange x = open(wire, "content-filter-tool:after=2")) {
            String body = x.readBody().text();
            List<Wire.Event> ev = Wire.events(body);
            assertThat(body).contains("write_file");
            assertThat(body).contains(wire == WireApi.CHAT_COMPLETIONS ? "\"arguments\":\"{\\\"" : "input_json_delta");
            assertThat(Wire.contentChunks(wire, ev.subList(0, ev.size() - 1))).isEqualTo(2);
            assertThat(body).contains("output new_sensitive (1027)");
        }
    }

    @ParameterizedTest
    @EnumSource(WireApi.class)
    void slowFirstTokenDelaysTheFirstEvent(WireApi wire) throws Exception {
        long t0 = System.nanoTime();
        HttpResponse<String> r = Wire.send(sim.port(), wire, Wire.body(wire, "slow-first-token:delay_ms=300", true,
                "user", "q"));
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertThat(ms).isBetween(300L, 3_000L);
        assertThat(Wire.text(wire, Wire.events(r.body()))).isEqualTo(SimServer.canonicalAnswer(40, "q"));
    }

    @ParameterizedTest
    @EnumSource(WireApi.class)
    void resetBeforeHeadersResetsTheConnection(WireApi wire) throws Exception {
        try (RawExchange x = RawExchange.post(sim.port(), Wire.path(wire),
                Wire.body(wire, "reset-before-headers", true, "user", "q"))) {
            assertThat(x.readHead()).isFalse();
        }
        assertThatThrownBy(() -> Wire.send(sim.port(), wire, Wire.body(wire, "reset-before-headers", false, "user", "q")))
                .isInstanceOf(IOException.class);
        assertThat(sim.attempts()).extracting(SimAttempt::outcome).containsOnly("reset before headers");
    }

    @Test
    void noResponseHoldsTheSocketOpenWithoutAnswering() throws Exception {
        try (RawExchange x = RawExchange.post(sim.port(), "/v1/chat/completions",
                Wire.body(WireApi.CHAT_COMPLETIONS, "no-response", true, "user", "q"))) {
            x.timeout(300);
            assertThat(x.serverClosed()).isFalse();
            assertThat(sim.attempts().getFirst().outcome()).isEqualTo("no response (held open)");
        }
    }

    @Test
    void cutThenPrefillOnAnotherModelAndWireGivesExactlyTheCanonicalAnswer() throws Exception {
        String partial;
        try (RawExchange x = open(WireApi.CHAT_COMPLETIONS, "cut:after=4", "user", "Explain")) {
            partial = Wire.text(WireApi.CHAT_COMPLETIONS, Wire.events(x.readBody().text()));
        }
        HttpResponse<String> rest = Wire.send(sim.port(), WireApi.ANTHROPIC_MESSAGES, Wire.body(
                WireApi.ANTHROPIC_MESSAGES, "healthy", true, "user", "Explain", "assistant", partial));
        String tail = Wire.text(WireApi.ANTHROPIC_MESSAGES, Wire.events(rest.body()));
        assertThat(partial).isNotEmpty();
        assertThat(partial + tail).isEqualTo(SimServer.canonicalAnswer("healthy", "Explain"));
    }

    @Test
    void nonStreamingCutDeliversAShortBody() throws Exception {
        try (RawExchange x = RawExchange.post(sim.port(), "/v1/messages",
                Wire.body(WireApi.ANTHROPIC_MESSAGES, "cut:after=1", false, "user", "q"))) {
            assertThat(x.readHead()).isTrue();
            assertThat(x.readBody().ending()).isEqualTo(RawExchange.Ending.EOF);
        }
    }

    @Test
    void timesLimitsAFaultToTheFirstNRequestsOfThatModelThenItIsHealthy() throws Exception {
        String model = "cut:after=1,times=2";
        for (int i = 0; i < 2; i++) {
            try (RawExchange x = open(WireApi.ANTHROPIC_MESSAGES, model)) {
                assertThat(x.readBody().ending()).isEqualTo(RawExchange.Ending.EOF);
            }
        }
        try (RawExchange x = open(WireApi.ANTHROPIC_MESSAGES, model)) {
            List<Wire.Event> ev = Wire.events(x.readBody().text());
            assertThat(hasTerminal(WireApi.ANTHROPIC_MESSAGES, ev)).isTrue();
            assertThat(Wire.text(WireApi.ANTHROPIC_MESSAGES, ev)).isEqualTo(SimServer.canonicalAnswer(model, "hello"));
        }
        sim.reset();
        try (RawExchange x = open(WireApi.ANTHROPIC_MESSAGES, model)) {
            assertThat(x.readBody().ending()).isEqualTo(RawExchange.Ending.EOF);
        }
    }
}

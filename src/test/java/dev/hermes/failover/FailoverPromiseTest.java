package dev.hermes.failover;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hermes.log.EventLog;
import dev.hermes.provider.AuthStyle;
import dev.hermes.provider.CredentialSource;
import dev.hermes.provider.Endpoint;
import dev.hermes.provider.Route;
import dev.hermes.provider.WireApi;
import dev.hermes.sim.SimServer;
import dev.hermes.testing.LoopbackServer;
import dev.hermes.util.Json;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static dev.hermes.failover.FailoverKit.ask;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Issue 8's defects that live below the launcher, over loopback against the simulator. */
@Timeout(60)
class FailoverPromiseTest {

    private static final String Q = "Tell me about rivers";

    private SimServer sim;
    private FailoverKit kit;
    private LoopbackServer repeater;

    @BeforeEach
    void start() throws Exception {
        sim = SimServer.start();
        kit = new FailoverKit(sim);
    }

    @AfterEach
    void stop() {
        if (repeater != null) repeater.close();
        kit.close();
        sim.close();
    }

    /**
     * Defect 6: a model continuing a prefill that first repeats the last words shows them once, as
     * a length continuation does. Before: the failover kept only whitespace out, so the repeated
     * 24 characters were shown twice.
     */
    @Test
    void aContinuationThatRepeatsTheLastWordsShowsThemOnce() throws Exception {
        repeater = LoopbackServer.start((request, exchange) -> {
            JsonNode messages = Json.MAPPER.readTree(request.body()).get("messages");
            String prefill = text(messages.get(messages.size() - 1));
            String tail = prefill.substring(Math.max(0, prefill.length() - 24));
            exchange.startEventStream();
            for (String e : List.of(
                    "{\"type\":\"message_start\",\"message\":{\"id\":\"m\",\"role\":\"assistant\",\"content\":[],\"usage\":{\"input_tokens\":1,\"output_tokens\":1}}}",
                    "{\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}",
                    "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":" + Json.MAPPER.writeValueAsString(tail) + "}}",
                    "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\" and so it ends.\"}}",
                    "{\"type\":\"content_block_stop\",\"index\":0}",
                    "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\"},\"usage\":{\"output_tokens\":5}}",
                    "{\"type\":\"message_stop\"}")) {
                exchange.chunk("event: " + Json.MAPPER.readTree(e).get("type").asText() + "\ndata: " + e + "\n\n");
            }
            exchange.endChunks();
        });
        // chunks 20 ms apart: what came before the cut is read before the connection drops
        Route primary = kit.route("primary", WireApi.ANTHROPIC_MESSAGES, "cut:after=4,chunk_delay_ms=20");
        Endpoint e = new Endpoint("repeater", repeater.uri(), WireApi.ANTHROPIC_MESSAGES, AuthStyle.NONE, Map.of(),
                FailoverKit.FAST.connect());
        Route fallback = new Route(e, "repeats-itself", CredentialSource.NONE, FailoverKit.settings(FailoverKit.FAST));
        var seen = new FailoverKit.Seen();

        CallResult r = new FailoverCaller(primary, List.of(fallback), kit.settings(0, EventLog.NONE)).call(ask(Q), seen);

        String prefill = text(lastMessage(repeater.requests().getFirst().body()));
        assertThat(prefill).hasSizeGreaterThan(24);
        assertThat(seen.text.toString()).isEqualTo(prefill + " and so it ends.");
        assertThat(r.response().text()).isEqualTo(prefill + " and so it ends.");
    }

    /**
     * Defect 7: a route skipped for an open breaker is recorded with the reason that opened it, so
     * a call whose every provider is rate limited ends rate limited (exit 75, a cooldown for the
     * kanban dispatcher) also when the breakers skip them. Before: recorded as {@code unknown}.
     */
    @Test
    void routesSkippedForARateLimitKeepTheCallRateLimited() throws Exception {
        // patient timers: only the rate limits may end these attempts, also on a loaded machine
        var patient = FailoverKit.FAST.withHeaders(Duration.ofSeconds(10)).withConnect(Duration.ofSeconds(5));
        Route primary = kit.route("primary", WireApi.CHAT_COMPLETIONS, "rate-limit:retry_after=3600", patient,
                CredentialSource.NONE);
        Route fallback = kit.route("fallback", WireApi.ANTHROPIC_MESSAGES, "rate-limit:retry_after=3600", patient,
                CredentialSource.NONE);
        FailoverCaller caller = kit.caller(primary, fallback);

        assertThatThrownBy(() -> caller.call(ask(Q), new FailoverKit.Seen()))
                .isInstanceOfSatisfying(CallFailedException.class, e -> assertThat(e.rateLimited()).as(e.getMessage()).isTrue());
        assertThatThrownBy(() -> caller.call(ask(Q), new FailoverKit.Seen()))
                .isInstanceOfSatisfying(CallFailedException.class, e -> {
                    assertThat(e.attempts()).hasSize(2).allSatisfy(a -> {
                        assertThat(a).isInstanceOf(AttemptRecord.Skipped.class);
                        assertThat(a.reason()).isEqualTo(Reason.RATE_LIMIT);
                    });
                    assertThat(e.rateLimited()).isTrue();
                    assertThat(e.getMessage()).contains("skipped, rate_limit - circuit open");
                });
        assertThat(sim.attempts()).hasSize(2); // the second call sent nothing
    }

    /** Defect 4's other half: with no later route, a stall is retried on the same route. */
    @Test
    void aStallOnTheLastRouteIsRetriedThere() throws Exception {
        Route only = kit.route("only", WireApi.CHAT_COMPLETIONS, "stall:after=2,times=1");
        var seen = new FailoverKit.Seen();

        CallResult r = kit.caller(only).call(ask(Q), seen);

        assertThat(r.response().text()).isEqualTo(SimServer.canonicalAnswer("stall:after=2,times=1", Q));
        assertThat(kit.attemptsOn("stall:after=2,times=1")).isEqualTo(2);
    }

    private static JsonNode lastMessage(String body) throws Exception {
        JsonNode messages = Json.MAPPER.readTree(body).get("messages");
        return messages.get(messages.size() - 1);
    }

    private static String text(JsonNode message) {
        JsonNode c = message.get("content");
        if (c.isTextual()) return c.asText();
        StringBuilder sb = new StringBuilder();
        c.forEach(b -> sb.append(b.path("text").asText()));
        return sb.toString();
    }
}

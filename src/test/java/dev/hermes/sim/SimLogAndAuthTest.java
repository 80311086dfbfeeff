package dev.hermes.sim;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hermes.provider.WireApi;
import dev.hermes.util.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

@Timeout(30)
class SimLogAndAuthTest {

    private static final String KEY = "sk-sim-secret-123";

    @Test
    void logRecordsEveryAttemptOverHttpAndJava() throws Exception {
        try (SimServer sim = SimServer.start()) {
            Wire.send(sim.port(), WireApi.CHAT_COMPLETIONS, Wire.body(WireApi.CHAT_COMPLETIONS, "healthy", true,
                    "user", "a"), "Authorization", "Bearer whatever");
            Wire.send(sim.port(), WireApi.ANTHROPIC_MESSAGES, Wire.body(WireApi.ANTHROPIC_MESSAGES, "overloaded-529",
                    false, "user", "a", "assistant", "pre"), "x-api-key", "k");
            JsonNode log = Json.MAPPER.readTree(Wire.get(sim.port(), "/_sim/log").body());
            assertThat(log).hasSize(2);
            JsonNode first = log.get(0);
            assertThat(first.path("seq").asInt()).isEqualTo(1);
            assertThat(first.path("path").asText()).isEqualTo("/v1/chat/completions");
            assertThat(first.path("wire").asText()).isEqualTo("chat_completions");
            assertThat(first.path("model").asText()).isEqualTo("healthy");
            assertThat(first.path("stream").asBoolean()).isTrue();
            assertThat(first.path("outcome").asText()).isEqualTo("completed");
            assertThat(first.path("auth").toString()).isEqualTo("[\"bearer\"]");
            assertThat(first.path("time_ms").asLong()).isGreaterThanOrEqualTo(0);
            SimAttempt second = sim.attempts().get(1);
            assertThat(second.wire()).isEqualTo("anthropic_messages");
            assertThat(second.fault()).isEqualTo("overloaded-529");
            assertThat(second.prefill()).isTrue();
            assertThat(second.messages()).isEqualTo(2);
            assertThat(second.outcome()).isEqualTo("529");
            assertThat(second.authKinds()).containsExactly("x-api-key");
            assertThat(second.timeMs()).isGreaterThanOrEqualTo(first.path("time_ms").asLong());

            HttpResponse<String> reset = Wire.HTTP.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + sim.port() + "/_sim/reset")).POST(HttpRequest.BodyPublishers.noBody())
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(reset.statusCode()).isEqualTo(200);
            assertThat(sim.attempts()).isEmpty();
        }
    }

    @Test
    void requiredKeyIsAcceptedInEitherHeaderAndNeverEchoed() throws Exception {
        try (SimServer sim = SimServer.start(0, SimOptions.defaults().withRequiredKey(KEY))) {
            String oai = Wire.body(WireApi.CHAT_COMPLETIONS, "healthy", false, "user", "a");
            String anth = Wire.body(WireApi.ANTHROPIC_MESSAGES, "healthy", false, "user", "a");
            HttpResponse<String> none = Wire.send(sim.port(), WireApi.CHAT_COMPLETIONS, oai);
            assertThat(none.statusCode()).isEqualTo(401);
            assertThat(Json.MAPPER.readTree(none.body()).path("error").path("code").asText()).isEqualTo("invalid_api_key");
            HttpResponse<String> wrong = Wire.send(sim.port(), WireApi.ANTHROPIC_MESSAGES, anth, "x-api-key", KEY + "x");
            assertThat(wrong.statusCode()).isEqualTo(401);
            assertThat(Json.MAPPER.readTree(wrong.body()).path("error").path("type").asText()).isEqualTo("authentication_error");
            assertThat(Wire.send(sim.port(), WireApi.CHAT_COMPLETIONS, oai, "Authorization", "Bearer " + KEY).statusCode())
                    .isEqualTo(200);
            assertThat(Wire.send(sim.port(), WireApi.ANTHROPIC_MESSAGES, anth, "x-api-key", KEY).statusCode()).isEqualTo(200);
            assertThat(Wire.get(sim.port(), "/v1/models").statusCode()).isEqualTo(401);

            String log = Wire.get(sim.port(), "/_sim/log").body();
            assertThat(log).doesNotContain(KEY).contains("\"outcome\":\"401\"");
            assertThat(wrong.body()).doesNotContain(KEY);
            assertThat(sim.attempts().toString()).doesNotContain(KEY);
            assertThat(SimOptions.defaults().withRequiredKey(KEY).toString()).doesNotContain(KEY);
        }
    }
}

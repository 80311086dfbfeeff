package dev.hermes.sim;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hermes.provider.WireApi;
import dev.hermes.util.Json;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

/** Faults answered with an HTTP error status, on both wires. */
class SimErrorFaultsTest {

    private SimServer sim;

    @BeforeEach
    void start() throws Exception {
        sim = SimServer.start();
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    private HttpResponse<String> call(WireApi wire, String model, String... roleText) throws Exception {
        String[] msgs = roleText.length == 0 ? new String[]{"user", "hello"} : roleText;
        return Wire.send(sim.port(), wire, Wire.body(wire, model, true, msgs));
    }

    private static String message(WireApi wire, HttpResponse<String> r) throws Exception {
        JsonNode j = Json.MAPPER.readTree(r.body());
        if (wire == WireApi.ANTHROPIC_MESSAGES) assertThat(j.path("type").asText()).isEqualTo("error");
        return j.path("error").path("message").asText();
    }

    @ParameterizedTest
    @EnumSource(WireApi.class)
    void rateLimitOnceThenHealthyPerModelName(WireApi wire) throws Exception {
        HttpResponse<String> first = call(wire, "rate-limit-once:retry_after=2");
        assertThat(first.statusCode()).isEqualTo(429);
        assertThat(first.headers().firstValue("retry-after")).hasValue("2");
        assertThat(call(wire, "rate-limit-once:retry_after=2").statusCode()).isEqualTo(200);
        assertThat(call(wire, "rate-limit-once").statusCode()).as("another model name has its own state").isEqualTo(429);
        sim.reset();
        assertThat(call(wire, "rate-limit-once:retry_after=2").statusCode()).as("reset re-arms").isEqualTo(429);
    }

    @ParameterizedTest
    @EnumSource(WireApi.class)
    void rateLimitIsPersistentWithEitherHeader(WireApi wire) throws Exception {
        for (int i = 0; i < 3; i++) assertThat(call(wire, "rate-limit").statusCode()).isEqualTo(429);
        HttpResponse<String> ms = call(wire, "rate-limit:retry_after_ms=250");
        assertThat(ms.headers().firstValue("retry-after-ms")).hasValue("250");
        assertThat(ms.headers().firstValue("retry-after")).isEmpty();
        String type = Json.MAPPER.readTree(ms.body()).path("error").path(wire == WireApi.CHAT_COMPLETIONS ? "code" : "type").asText();
        assertThat(type).isEqualTo(wire == WireApi.CHAT_COMPLETIONS ? "rate_limit_exceeded" : "rate_limit_error");
    }

    @ParameterizedTest
    @EnumSource(WireApi.class)
    void error500Once(WireApi wire) throws Exception {
        assertThat(call(wire, "error-500-once").statusCode()).isEqualTo(500);
        assertThat(call(wire, "error-500-once").statusCode()).isEqualTo(200);
    }

    @ParameterizedTest
    @EnumSource(WireApi.class)
    void overloadedIsPersistent(WireApi wire) throws Exception {
        assertThat(call(wire, "overloaded-503").statusCode()).isEqualTo(503);
        assertThat(call(wire, "overloaded-503").statusCode()).isEqualTo(503);
        HttpResponse<String> r = call(wire, "overloaded-529");
        assertThat(r.statusCode()).isEqualTo(529);
        if (wire == WireApi.ANTHROPIC_MESSAGES) {
            assertThat(Json.MAPPER.readTree(r.body()).path("error").path("type").asText()).isEqualTo("overloaded_error");
        }
    }

    @ParameterizedTest
    @EnumSource(WireApi.class)
    void contextLengthAndContentPolicy(WireApi wire) throws Exception {
        HttpResponse<String> ctx = call(wire, "context-length");
        assertThat(ctx.statusCode()).isEqualTo(400);
        if (wire == WireApi.CHAT_COMPLETIONS) {
            assertThat(Json.MAPPER.readTree(ctx.body()).path("error").path("code").asText()).isEqualTo("context_length_exceeded");
        } else {
            assertThat(message(wire, ctx)).startsWith("prompt is too long");
        }
        HttpResponse<String> policy = call(wire, "content-policy");
        assertThat(policy.statusCode()).isEqualTo(400);
        assertThat(message(wire, policy)).contains("content policy violation").contains("usage policies");
    }

    @Test
    void authErrorHasTheMiniMaxShapeOnTheAnthropicWire() throws Exception {
        HttpResponse<String> a = call(WireApi.ANTHROPIC_MESSAGES, "auth-error");
        assertThat(a.statusCode()).isEqualTo(401);
        JsonNode j = Json.MAPPER.readTree(a.body());
        assertThat(j.path("base_resp").path("status_code").asInt()).isEqualTo(1004);
        assertThat(j.path("base_resp").path("status_msg").asText())
                .isEqualTo("login fail: Please carry the API secret key in the 'Authorization' field of the request header");
        HttpResponse<String> o = call(WireApi.CHAT_COMPLETIONS, "auth-error");
        assertThat(o.statusCode()).isEqualTo(401);
        assertThat(Json.MAPPER.readTree(o.body()).path("error").path("code").asText()).isEqualTo("invalid_api_key");
    }

    @ParameterizedTest
    @EnumSource(WireApi.class)
    void noPrefillRejectsOnlyAPrefill(WireApi wire) throws Exception {
        HttpResponse<String> r = call(wire, "no-prefill", "user", "hi", "assistant", "The sim");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(message(wire, r)).isEqualTo("assistant message prefill is not supported");
        assertThat(call(wire, "no-prefill", "user", "hi").statusCode()).isEqualTo(200);
    }

    @ParameterizedTest
    @EnumSource(WireApi.class)
    void downForAWindowThenHealthy(WireApi wire) throws Exception {
        long t0 = System.nanoTime();
        assertThat(call(wire, "down:ms=300").statusCode()).isEqualTo(503);
        assertThat(call(wire, "down:ms=300").statusCode()).isEqualTo(503);
        int status = 503;
        while (status == 503 && System.nanoTime() - t0 < 5_000_000_000L) {
            Thread.sleep(50);
            status = call(wire, "down:ms=300").statusCode();
        }
        assertThat(status).isEqualTo(200);
        assertThat((System.nanoTime() - t0) / 1_000_000).isGreaterThanOrEqualTo(300);
    }

    @ParameterizedTest
    @EnumSource(WireApi.class)
    void unknownFaultIsModelNotFoundAndBadParametersAreNamed(WireApi wire) throws Exception {
        HttpResponse<String> r = call(wire, "gpt-5");
        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(message(wire, r)).contains("unknown fault 'gpt-5'");
        HttpResponse<String> bad = call(wire, "cut:after=x");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(message(wire, bad)).contains("'after'").contains("cut:after=x");
        assertThat(message(wire, call(wire, "cut:delay_ms=3"))).contains("unknown parameter 'delay_ms'");
    }

    @Test
    void invalidJsonIsA400() throws Exception {
        HttpResponse<String> r = Wire.send(sim.port(), WireApi.CHAT_COMPLETIONS, "{nope");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(message(WireApi.CHAT_COMPLETIONS, r)).contains("not valid JSON");
    }
}

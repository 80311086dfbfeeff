package dev.hermes.provider;

import dev.hermes.provider.clients.ModelClients;
import dev.hermes.llm.ApiError;
import dev.hermes.llm.ChatRequest;
import dev.hermes.llm.Message;
import dev.hermes.stream.MalformedStreamException;
import dev.hermes.testing.LoopbackServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Non-2xx answers, as both wire clients parse them, over real HTTP. */
class ErrorBodiesTest {

    private LoopbackServer server;
    private ModelClient client;

    @AfterEach
    void tearDown() {
        if (client != null) client.close();
        if (server != null) server.close();
    }

    private ApiError errorFor(WireApi wire, int status, String body, String... headers) {
        server = LoopbackServer.start((request, exchange) -> exchange.respond(status, body, headers));
        client = ModelClients.create(new Endpoint("prov", server.uri(), wire, AuthStyle.BEARER, Map.of(), null),
                CredentialSource.NONE);
        ModelCallException e = catchThrowableOfType(ModelCallException.class,
                () -> client.openStream(ChatRequest.of("m", List.of(Message.user("hi"))), WireListener.NONE));
        assertThat(e).as("a ModelCallException").isNotNull();
        assertThat(e.apiError()).as("a parsed provider error").isNotNull();
        assertThat(e.apiError().httpStatus()).isEqualTo(status);
        return e.apiError();
    }

    @ParameterizedTest
    @EnumSource(WireApi.class)
    void openAiShapeWithRetryAfterSeconds(WireApi wire) {
        String body = "{\"error\":{\"message\":\"Rate limit reached\",\"type\":\"requests\",\"code\":\"rate_limit_exceeded\"}}";
        ApiError e = errorFor(wire, 429, body, "Content-Type", "application/json", "Retry-After", "7");
        assertThat(e).isEqualTo(new ApiError(429, "requests", "rate_limit_exceeded", "Rate limit reached",
                Duration.ofSeconds(7), body));
    }

    @ParameterizedTest
    @EnumSource(WireApi.class)
    void numericCodeIsKeptAsText(WireApi wire) {
        ApiError e = errorFor(wire, 400, "{\"error\":{\"message\":\"bad\",\"type\":\"invalid_request_error\",\"code\":400}}");
        assertThat(e.code()).isEqualTo("400");
        assertThat(e.describe()).isEqualTo("HTTP 400 invalid_request_error (400): bad");
    }

    @ParameterizedTest
    @EnumSource(WireApi.class)
    void anthropicShape(WireApi wire) {
        ApiError e = errorFor(wire, 529, "{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}");
        assertThat(e.type()).isEqualTo("overloaded_error");
        assertThat(e.message()).isEqualTo("Overloaded");
        assertThat(e.retryAfter()).isNull();
    }

    @ParameterizedTest
    @EnumSource(WireApi.class)
    void miniMaxShape(WireApi wire) {
        ApiError e = errorFor(wire, 500, "{\"id\":\"\",\"base_resp\":{\"status_code\":1002,\"status_msg\":\"rate limit exceeded\"}}");
        assertThat(e.code()).isEqualTo("1002");
        assertThat(e.message()).isEqualTo("rate limit exceeded");
    }

    @ParameterizedTest
    @EnumSource(WireApi.class)
    void plainTextBody(WireApi wire) {
        ApiError e = errorFor(wire, 502, "<html>Bad Gateway</html>\n", "Content-Type", "text/html");
        assertThat(e.message()).startsWith("Bad Gateway"); // the page's words, not its markup
        assertThat(e.type()).isNull();
        assertThat(e.rawBody()).isEqualTo("<html>Bad Gateway</html>\n");
    }

    @ParameterizedTest
    @EnumSource(WireApi.class)
    void retryAfterAsHttpDate(WireApi wire) {
        String at = DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now(ZoneOffset.UTC).plusSeconds(60));
        ApiError e = errorFor(wire, 503, "busy", "Retry-After", at);
        assertThat(e.retryAfter()).isBetween(Duration.ofSeconds(55), Duration.ofSeconds(61));
    }

    @ParameterizedTest
    @EnumSource(WireApi.class)
    void retryAfterMsWinsOverRetryAfter(WireApi wire) {
        ApiError e = errorFor(wire, 429, "slow down", "Retry-After", "9", "retry-after-ms", "1500");
        assertThat(e.retryAfter()).isEqualTo(Duration.ofMillis(1500));
    }

    @ParameterizedTest
    @EnumSource(WireApi.class)
    void hugeErrorBodyIsCappedInsteadOfReadWhole(WireApi wire) {
        String body = "x".repeat(1_000_000);
        ApiError e = errorFor(wire, 500, body);
        assertThat(e.rawBody().length()).isLessThanOrEqualTo(4097);
        assertThat(e.message().length()).isLessThanOrEqualTo(501);
    }

    @ParameterizedTest
    @EnumSource(WireApi.class)
    void jsonErrorAnsweringAStreamingRequestWith200IsAProviderError(WireApi wire) {
        ApiError e = errorFor(wire, 200, "{\"base_resp\":{\"status_code\":1004,\"status_msg\":\"login fail\"}}",
                "Content-Type", "application/json; charset=utf-8");
        assertThat(e.code()).isEqualTo("1004");
        assertThat(e.message()).isEqualTo("login fail");
    }

    @ParameterizedTest
    @EnumSource(WireApi.class)
    void jsonNonErrorAnsweringAStreamingRequestIsMalformed(WireApi wire) {
        server = LoopbackServer.start((request, exchange) -> exchange.json(200, "{\"choices\":[]}"));
        client = ModelClients.create(new Endpoint("prov", server.uri(), wire, AuthStyle.BEARER, Map.of(), null),
                CredentialSource.NONE);
        ModelCallException e = catchThrowableOfType(ModelCallException.class,
                () -> client.openStream(ChatRequest.of("m", List.of(Message.user("hi"))), WireListener.NONE));
        assertThat(e).hasMessageContaining("not an event stream").hasCauseInstanceOf(MalformedStreamException.class);
        assertThat(e.apiError()).isNull();
    }
}

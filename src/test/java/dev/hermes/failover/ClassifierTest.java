package dev.hermes.failover;

import dev.hermes.failover.Failure.TransportKind;
import dev.hermes.llm.ApiError;
import dev.hermes.provider.AuthStyle;
import dev.hermes.provider.Endpoint;
import dev.hermes.provider.WireApi;
import dev.hermes.stream.StallKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

class ClassifierTest {

    private static final Endpoint OPENAI = new Endpoint("openai", URI.create("https://api.openai.com/v1"),
            WireApi.CHAT_COMPLETIONS, AuthStyle.BEARER, null, null);
    private static final Endpoint MINIMAX = new Endpoint("minimax", URI.create("https://api.minimax.io/anthropic"),
            WireApi.ANTHROPIC_MESSAGES, AuthStyle.BOTH, null, null);

    private static Reason http(int status, String type, String code, String message) {
        return Classifier.classify(new Failure.HttpError(new ApiError(status, nul(type), nul(code), message, null, null)),
                OPENAI).reason();
    }

    private static String nul(String s) {
        return s == null || s.isEmpty() ? null : s;
    }

    @ParameterizedTest(name = "{0} {1} {2} \"{3}\" -> {4}")
    @CsvSource(delimiter = '|', textBlock = """
            400 |                      |                          | Your request violates our usage policies            | CONTENT_FILTERED
            400 | invalid_request_error | content_policy_violation |                                                    | CONTENT_FILTERED
            500 |                      |                          | output new_sensitive (1027)                          | CONTENT_FILTERED
            401 |                      | invalid_api_key          | Incorrect API key provided                           | AUTH
            401 | authentication_error |                          | invalid x-api-key                                    | AUTH
            402 |                      |                          | Insufficient credits. Add more using billing page   | BILLING
            403 |                      |                          | You have reached your spending limit                 | BILLING
            402 |                      |                          | Usage limit reached, resets at 17:00 UTC             | RATE_LIMIT
            403 | permission_error     |                          | Your key may not use this model                      | PERMISSION
            404 |                      | model_not_found          | The model gpt-9 does not exist                       | MODEL_NOT_FOUND
            404 | not_found_error      |                          | model: claude-x                                      | MODEL_NOT_FOUND
            404 |                      |                          | Not Found                                            | FORMAT_ERROR
            408 |                      |                          | Request Timeout                                      | TIMEOUT
            409 |                      |                          | Conflict                                             | SERVER_ERROR
            413 |                      |                          | Request Entity Too Large                             | PAYLOAD_TOO_LARGE
            422 |                      |                          | Unprocessable Entity                                 | FORMAT_ERROR
            429 | rate_limit_error     |                          | Number of request tokens has exceeded your limit    | RATE_LIMIT
            429 |                      | rate_limit_exceeded      | Rate limit reached for requests                      | RATE_LIMIT
            429 | insufficient_quota   | insufficient_quota       | You exceeded your current quota                      | BILLING
            429 |                      |                          | The engine is currently overloaded                   | OVERLOADED
            500 | server_error         |                          | The server had an error                              | SERVER_ERROR
            502 |                      |                          | Bad Gateway                                          | SERVER_ERROR
            503 |                      |                          | Service Unavailable                                  | OVERLOADED
            504 |                      |                          | Gateway Timeout                                      | TIMEOUT
            529 | overloaded_error     |                          | Overloaded                                           | OVERLOADED
            520 |                      |                          | Unknown origin error                                 | SERVER_ERROR
            400 |                      | context_length_exceeded  | This model's maximum context length is 128000 tokens | CONTEXT_OVERFLOW
            400 | invalid_request_error |                         | prompt is too long: 210000 tokens > 200000 maximum   | CONTEXT_OVERFLOW
            400 |                      |                          | max_model_len is 32768 but the request has 40000     | CONTEXT_OVERFLOW
            400 | invalid_request_error |                         | This model does not support assistant message prefill. The conversation must end with a user message. | PREFILL_REJECTED
            400 | invalid_request_error |                         | final assistant content cannot end with trailing whitespace | PREFILL_REJECTED
            400 | invalid_request_error |                         | messages: field required                             | FORMAT_ERROR
            """)
    void httpErrors(int status, String type, String code, String message, Reason expected) {
        assertThat(http(status, type, code, message)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "MiniMax {0} -> {1}")
    @CsvSource({"1000,SERVER_ERROR", "1001,TIMEOUT", "1002,RATE_LIMIT", "1004,AUTH", "1008,BILLING",
            "1024,SERVER_ERROR", "1026,CONTENT_FILTERED", "1027,CONTENT_FILTERED"})
    void minimaxCodesInTheCodeFieldTheMessageOrBaseResp(int code, Reason expected) {
        ApiError inCode = new ApiError(200, null, String.valueOf(code), "something", null, null);
        ApiError inText = new ApiError(0, null, null, "upstream said (" + code + ")", null, null);
        ApiError inBaseResp = new ApiError(200, null, null, "", null,
                "{\"base_resp\":{\"status_code\":" + code + ",\"status_msg\":\"x\"}}");
        assertThat(Classifier.classify(new Failure.HttpError(inCode), OPENAI).reason()).isEqualTo(expected);
        assertThat(Classifier.classify(new Failure.StreamError(inText), MINIMAX).reason()).isEqualTo(expected);
        assertThat(Classifier.classify(new Failure.HttpError(inBaseResp), OPENAI).reason()).isEqualTo(expected);
    }

    @Test
    void aParenthesisedNumberFromAnotherProviderIsNotAMiniMaxCode() {
        ApiError e = new ApiError(0, null, null, "bad value for max_tokens (1024)", null, null);
        assertThat(Classifier.classify(new Failure.StreamError(e), OPENAI).reason()).isEqualTo(Reason.UNKNOWN);
        assertThat(Classifier.classify(new Failure.StreamError(e), MINIMAX).reason()).isEqualTo(Reason.SERVER_ERROR);
    }

    @Test
    void theSeedsOutputFilterFallsBackAtOnceEvenViaOpenRouter() {
        ApiError e = new ApiError(0, null, null, "output new_sensitive (1027)", null, null);
        Classification c = Classifier.classify(new Failure.StreamError(e), OPENAI);
        assertThat(c.reason()).isEqualTo(Reason.CONTENT_FILTERED);
        assertThat(c.policy().retry()).isEqualTo(Policy.Retry.NO);
        assertThat(c.policy().fallback()).isEqualTo(Policy.Fallback.AT_ONCE);
    }

    @Test
    void inStreamAnthropicErrorsAreClassifiedByType() {
        ApiError overloaded = new ApiError(0, "overloaded_error", null, "Overloaded", null, null);
        ApiError odd = new ApiError(0, "weird_error", null, "hmm", null, null);
        assertThat(Classifier.classify(new Failure.StreamError(overloaded), null).reason()).isEqualTo(Reason.OVERLOADED);
        assertThat(Classifier.classify(new Failure.StreamError(odd), null).reason()).isEqualTo(Reason.UNKNOWN);
    }

    @Test
    void retryAfterIsCarriedAsAHint() {
        ApiError e = new ApiError(429, null, null, "slow down", Duration.ofSeconds(7), null);
        Classification c = Classifier.classify(new Failure.HttpError(e), OPENAI);
        assertThat(c.retryAfter()).isEqualTo(Duration.ofSeconds(7));
        assertThat(c.rule()).contains("429");
    }

    @Test
    void nonProviderFailures() {
        assertThat(reason(new Failure.Stalled(StallKind.CONTENT_IDLE, Duration.ofSeconds(1), Duration.ofSeconds(1), "a")))
                .isEqualTo(Reason.STALL);
        assertThat(reason(new Failure.Truncated(true))).isEqualTo(Reason.STREAM_CUT);
        assertThat(reason(new Failure.Malformed("{oops"))).isEqualTo(Reason.MALFORMED);
        assertThat(reason(new Failure.ContentFiltered("finish_reason content_filter"))).isEqualTo(Reason.CONTENT_FILTERED);
        assertThat(reason(new Failure.Refused("refusal"))).isEqualTo(Reason.REFUSAL);
        assertThat(reason(new Failure.RebuildFailed("no key"))).isEqualTo(Reason.REBUILD_FAILED);
        assertThat(reason(new Failure.NoCredential("set MINIMAX_API_KEY"))).isEqualTo(Reason.NO_CREDENTIAL);
        assertThat(reason(new Failure.Cancelled("closed"))).isEqualTo(Reason.CANCELLED);
        assertThat(reason(new Failure.TooLarge(1000))).isEqualTo(Reason.ANSWER_TOO_LARGE);
        assertThat(reason(new Failure.SlowDripped(3, Duration.ofSeconds(60), 100))).isEqualTo(Reason.STALL);
        assertThat(reason(new Failure.Transport(TransportKind.TLS, ""))).isEqualTo(Reason.TLS);
        assertThat(reason(new Failure.Transport(TransportKind.TIMEOUT, ""))).isEqualTo(Reason.TIMEOUT);
        for (TransportKind k : EnumSet.of(TransportKind.RESET, TransportKind.REFUSED, TransportKind.DNS, TransportKind.OTHER)) {
            assertThat(reason(new Failure.Transport(k, ""))).isEqualTo(Reason.TRANSPORT);
        }
    }

    @Test
    void everyReasonIsReachableByARuleAndEveryFailureVariantHasAnOwnRule() {
        Set<Reason> reached = Classifier.RULES.stream().map(Classifier.Rule::reason).collect(Collectors.toSet());
        assertThat(reached).containsExactlyInAnyOrder(Reason.values());
        // a new Failure variant must get its rule and a case in nonProviderFailures (or httpErrors)
        assertThat(Failure.class.getPermittedSubclasses()).hasSize(13);
    }

    @Test
    void policiesFollowTheBrief() {
        assertThat(Reason.CONTENT_FILTERED.policy().actions()).isEqualTo("fall back at once");
        assertThat(Reason.CONTEXT_OVERFLOW.policy().actions()).isEqualTo("compress");
        assertThat(Reason.AUTH.policy().actions()).isEqualTo("rotate key, fall back when keys are exhausted");
        assertThat(Reason.RATE_LIMIT.policy().actions())
                .isEqualTo("retry (backoff), rotate key, fall back when keys are exhausted");
        assertThat(Reason.CANCELLED.policy().givesUp()).isTrue();
        assertThat(Arrays.stream(Reason.values()).filter(r -> r.policy().givesUp())).containsExactly(Reason.CANCELLED);
    }

    private static Reason reason(Failure f) {
        return Classifier.classify(f, null).reason();
    }
}

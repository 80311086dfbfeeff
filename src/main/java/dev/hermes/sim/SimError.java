package dev.hermes.sim;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hermes.provider.WireApi;
import dev.hermes.util.Json;

import java.util.Map;

/**
 * An HTTP error response in the shape of one wire format: OpenAI's
 * {@code {"error":{"message","type","param","code"}}} or Anthropic's
 * {@code {"type":"error","error":{"type","message"}}}, plus MiniMax's {@code base_resp} where a
 * fault imitates MiniMax.
 *
 * @param status  HTTP status
 * @param headers extra response headers (Retry-After ...)
 * @param body    the JSON body
 */
record SimError(int status, Map<String, String> headers, String body) {

    static final String AUTH_1004 = "login fail: Please carry the API secret key in the 'Authorization' field of the request header";
    static final String SENSITIVE_1027 = "output new_sensitive (1027)";

    SimError {
        headers = Map.copyOf(headers);
    }

    static SimError of(WireApi wire, int status, String oaiType, String oaiCode, String anthropicType, String message) {
        return new SimError(status, Map.of(), render(wire, oaiType, oaiCode, anthropicType, message, null).toString());
    }

    static SimError rateLimited(WireApi wire, String header, String value) {
        SimError e = of(wire, 429, "requests", "rate_limit_exceeded", "rate_limit_error",
                "Rate limit reached for requests (simulated). Please retry after the indicated time.");
        return new SimError(429, Map.of(header, value), e.body);
    }

    static SimError serverError(WireApi wire) {
        return of(wire, 500, "server_error", null, "api_error", "The server had an error while processing your request (simulated).");
    }

    static SimError overloaded(WireApi wire, int status) {
        return of(wire, status, "server_error", "overloaded", "overloaded_error", status == 529 ? "Overloaded" :
                "The server is overloaded or not ready yet (simulated).");
    }

    /** Overloaded, asking the client to come back after {@code seconds} (Anthropic sends retry-after on 529). */
    static SimError overloaded(WireApi wire, int status, long seconds) {
        return new SimError(status, Map.of("Retry-After", Long.toString(seconds)), overloaded(wire, status).body);
    }

    static SimError contextLength(WireApi wire, int tokens) {
        return switch (wire) {
            case CHAT_COMPLETIONS -> of(wire, 400, "invalid_request_error", "context_length_exceeded", null,
                    "This model's maximum context length is 8192 tokens. However, your messages resulted in "
                            + (tokens + 8192) + " tokens. Please reduce the length of the messages.");
            case ANTHROPIC_MESSAGES -> of(wire, 400, null, null, "invalid_request_error",
                    "prompt is too long: " + (tokens + 8192) + " tokens > 8192 maximum");
        };
    }

    static SimError contentPolicy(WireApi wire) {
        return of(wire, 400, "invalid_request_error", "content_policy_violation", "invalid_request_error",
                "Your request was rejected as a result of our safety system: content policy violation. "
                        + "Your prompt may contain text that violates our usage policies (simulated).");
    }

    /** The auth-error fault: OpenAI's invalid key error, or MiniMax's 1004 on the Anthropic wire. */
    static SimError authFault(WireApi wire) {
        return switch (wire) {
            case CHAT_COMPLETIONS -> of(wire, 401, "invalid_request_error", "invalid_api_key", null,
                    "Incorrect API key provided (simulated).");
            case ANTHROPIC_MESSAGES -> new SimError(401, Map.of(), render(wire, null, null, "authentication_error",
                    AUTH_1004, baseResp(1004, AUTH_1004)).toString());
        };
    }

    /** The server's own key check failed: no value is ever echoed. */
    static SimError missingKey(WireApi wire) {
        return of(wire, 401, "invalid_request_error", "invalid_api_key", "authentication_error",
                "Missing or wrong API key: send 'Authorization: Bearer <key>' or 'x-api-key: <key>'.");
    }

    static SimError noPrefill(WireApi wire) {
        return of(wire, 400, "invalid_request_error", null, "invalid_request_error",
                "assistant message prefill is not supported");
    }

    static SimError badRequest(WireApi wire, String message) {
        return of(wire, 400, "invalid_request_error", null, "invalid_request_error", message);
    }

    static ObjectNode baseResp(int code, String msg) {
        ObjectNode b = Json.MAPPER.createObjectNode();
        b.put("status_code", code).put("status_msg", msg);
        return b;
    }

    private static ObjectNode render(WireApi wire, String oaiType, String oaiCode, String anthropicType, String message,
                                     ObjectNode baseResp) {
        ObjectNode root = Json.MAPPER.createObjectNode();
        switch (wire) {
            case CHAT_COMPLETIONS -> {
                ObjectNode err = root.putObject("error");
                err.put("message", message).put("type", oaiType).putNull("param");
                if (oaiCode == null) err.putNull("code"); else err.put("code", oaiCode);
            }
            case ANTHROPIC_MESSAGES -> {
                root.put("type", "error");
                root.putObject("error").put("type", anthropicType).put("message", message);
            }
        }
        if (baseResp != null) root.set("base_resp", baseResp);
        return root;
    }
}

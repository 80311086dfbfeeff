package dev.hermes.failover;

import dev.hermes.failover.Failure.TransportKind;
import dev.hermes.llm.ApiError;
import dev.hermes.provider.Endpoint;

import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Maps a {@link Failure} to its {@link Reason}: a pure function over an ordered rule list, first
 * match wins. Order, as in the original: provider special cases, content policy (any status),
 * HTTP status, body code, message text; failures that are not provider errors come last. The
 * same list renders the table in docs/resilience.md ({@link #markdownTable()}), and a test keeps
 * the two equal.
 */
public final class Classifier {

    /** One row: a human description of the signal, the reason, and the test. */
    record Rule(String signal, Reason reason, Predicate<Probe> test) {
    }

    /** The failure, with its provider error (if any) normalised once for matching. */
    record Probe(Failure failure, ApiError error, int status, String type, String code, String text, Integer minimax) {

        boolean api() {
            return error != null;
        }

        boolean status(int... any) {
            for (int s : any) if (status == s) return true;
            return false;
        }

        boolean typeOrCode(String... ids) {
            for (String id : ids) if (id.equals(type) || id.equals(code)) return true;
            return false;
        }

        boolean says(String... phrases) {
            for (String p : phrases) if (text.contains(p)) return true;
            return false;
        }

        boolean minimax(int... codes) {
            if (minimax == null) return false;
            for (int c : codes) if (minimax == c) return true;
            return false;
        }

        boolean transport(TransportKind kind) {
            return failure instanceof Failure.Transport t && t.kind() == kind;
        }
    }

    private static final String[] CONTEXT_OVERFLOW = {"context length", "context_length", "maximum context",
            "context window", "prompt is too long", "too many tokens", "max_model_len", "input is too long"};
    // Not a bare "content_filter": Azure bodies carry "content_filter_results" on unrelated errors.
    private static final String[] CONTENT_POLICY = {"content_policy_violation", "content management policy",
            "usage policies", "usage policy", "new_sensitive", "content filter"};
    private static final String[] BILLING = {"billing", "insufficient_quota", "insufficient balance",
            "credit balance", "spending limit", "payment required"};

    static final List<Rule> RULES = List.of(
            new Rule("MiniMax 1026/1027 (`new_sensitive`), in the code field or the message", Reason.CONTENT_FILTERED,
                    p -> p.minimax(1026, 1027)),
            new Rule("MiniMax 1002", Reason.RATE_LIMIT, p -> p.minimax(1002)),
            new Rule("MiniMax 1004", Reason.AUTH, p -> p.minimax(1004)),
            new Rule("MiniMax 1008", Reason.BILLING, p -> p.minimax(1008)),
            new Rule("MiniMax 1001", Reason.TIMEOUT, p -> p.minimax(1001)),
            new Rule("MiniMax 1000 / 1024", Reason.SERVER_ERROR, p -> p.minimax(1000, 1024)),
            new Rule("content-policy code or text at any status (`content_policy_violation`, `content_filter`, "
                    + "\"usage policies\", `new_sensitive`)", Reason.CONTENT_FILTERED,
                    p -> p.typeOrCode("content_filter", "content_policy_violation") || p.api() && p.says(CONTENT_POLICY)),
            new Rule("402 usage limit with a reset hint (\"try again\", \"resets at\")", Reason.RATE_LIMIT,
                    p -> p.status(402) && p.says("try again", "resets at", "reset at")),
            new Rule("`insufficient_quota` or billing text (\"billing\", \"credit balance\", \"spending limit\") "
                    + "below 500, or 402", Reason.BILLING,
                    p -> p.api() && (p.status(402) || p.typeOrCode("insufficient_quota") || p.status < 500 && p.says(BILLING))),
            new Rule("401, `invalid_api_key`, `authentication_error`", Reason.AUTH,
                    p -> p.status(401) || p.typeOrCode("invalid_api_key", "authentication_error")),
            new Rule("403, `permission_error`", Reason.PERMISSION,
                    p -> p.status(403) || p.typeOrCode("permission_error")),
            new Rule("`model_not_found`, or 404 / `not_found_error` naming a model", Reason.MODEL_NOT_FOUND,
                    p -> p.typeOrCode("model_not_found")
                            || (p.status(404) || p.typeOrCode("not_found_error")) && p.says("model")),
            new Rule("408", Reason.TIMEOUT, p -> p.status(408)),
            new Rule("413", Reason.PAYLOAD_TOO_LARGE, p -> p.status(413)),
            new Rule("429 with overload text (\"overloaded\", \"capacity\")", Reason.OVERLOADED,
                    p -> p.status(429) && p.says("overloaded", "capacity")),
            new Rule("429, `rate_limit_exceeded`, `rate_limit_error`", Reason.RATE_LIMIT,
                    p -> p.status(429) || p.typeOrCode("rate_limit_exceeded", "rate_limit_error")),
            new Rule("503, 529, `overloaded_error`", Reason.OVERLOADED,
                    p -> p.status(503, 529) || p.typeOrCode("overloaded_error")),
            new Rule("504", Reason.TIMEOUT, p -> p.status(504)),
            new Rule("500, 502, 409, `server_error`, `api_error`", Reason.SERVER_ERROR,
                    p -> p.status(500, 502, 409) || p.typeOrCode("server_error", "api_error")),
            new Rule("`context_length_exceeded` or context-overflow text (\"context length\", \"maximum context\", "
                    + "\"prompt is too long\", \"too many tokens\", \"max_model_len\", \"input is too long\")",
                    Reason.CONTEXT_OVERFLOW, p -> p.api() && p.says(CONTEXT_OVERFLOW)),
            new Rule("400/422 rejecting assistant prefill (\"prefill\", \"final assistant content\", "
                    + "\"...must end with a user message\")", Reason.PREFILL_REJECTED,
                    p -> p.api() && (p.status(400, 422) || p.status == 0) && p.says("prefill",
                            "final assistant content", "assistant message prefill", "must end with a user message")),
            new Rule("other 5xx", Reason.SERVER_ERROR, p -> p.status >= 500 && p.status < 600),
            new Rule("other 4xx (400, 404, 422, ...)", Reason.FORMAT_ERROR, p -> p.status >= 400 && p.status < 500),
            new Rule("any other provider error (in-stream error with no known code, odd status)", Reason.UNKNOWN,
                    Probe::api),
            new Rule("watchdog timer fired (headers, first content, content idle, liveness, deadline)", Reason.STALL,
                    p -> p.failure() instanceof Failure.Stalled),
            new Rule("content slower than `failover.slow_drip_min_chars` per window (slow-drip guard, off by default)",
                    Reason.STALL, p -> p.failure() instanceof Failure.SlowDripped),
            new Rule("stream ended without its terminal event", Reason.STREAM_CUT,
                    p -> p.failure() instanceof Failure.Truncated),
            new Rule("malformed stream bytes", Reason.MALFORMED, p -> p.failure() instanceof Failure.Malformed),
            new Rule("`finish_reason: content_filter`", Reason.CONTENT_FILTERED,
                    p -> p.failure() instanceof Failure.ContentFiltered),
            new Rule("`stop_reason: refusal`", Reason.REFUSAL, p -> p.failure() instanceof Failure.Refused),
            new Rule("transport: TLS handshake or certificate", Reason.TLS, p -> p.transport(TransportKind.TLS)),
            new Rule("transport: HTTP client connect/read timeout", Reason.TIMEOUT,
                    p -> p.transport(TransportKind.TIMEOUT)),
            new Rule("transport: reset, refused, DNS, other", Reason.TRANSPORT,
                    p -> p.failure() instanceof Failure.Transport),
            new Rule("answer longer than `failover.max_answer_chars` (a stream without end)", Reason.ANSWER_TOO_LARGE,
                    p -> p.failure() instanceof Failure.TooLarge),
            new Rule("client rebuild failed", Reason.REBUILD_FAILED, p -> p.failure() instanceof Failure.RebuildFailed),
            new Rule("no credential configured", Reason.NO_CREDENTIAL, p -> p.failure() instanceof Failure.NoCredential),
            new Rule("closed on our side without a timer (caller cancelled)", Reason.CANCELLED,
                    p -> p.failure() instanceof Failure.Cancelled));

    private Classifier() {
    }

    /**
     * Classifies one failure.
     *
     * @param endpoint the endpoint that failed, or null; used for provider special cases (MiniMax
     *                 codes written inside message text are trusted only from a MiniMax endpoint
     *                 or a message that names MiniMax)
     */
    public static Classification classify(Failure failure, Endpoint endpoint) {
        Probe probe = probe(failure, endpoint);
        for (Rule rule : RULES) {
            if (rule.test().test(probe)) {
                return new Classification(rule.reason(), failure, rule.signal(),
                        probe.api() ? probe.error().retryAfter() : null);
            }
        }
        throw new IllegalStateException("no classification rule for " + failure); // the rules cover every variant
    }

    /** The rule table as Markdown, for docs/resilience.md. */
    public static String markdownTable() {
        StringBuilder sb = new StringBuilder("| # | signal | reason | actions |\n|---|---|---|---|\n");
        int n = 1;
        for (Rule r : RULES) {
            sb.append("| ").append(n++).append(" | ").append(r.signal()).append(" | ").append(r.reason().id())
                    .append(" | ").append(r.reason().policy().actions()).append(" |\n");
        }
        return sb.toString();
    }

    private static final Pattern MINIMAX_IN_TEXT = Pattern.compile("status_code\"?\\s*[:=]\\s*(10\\d\\d)\\b|\\((10\\d\\d)\\)");

    private static Probe probe(Failure failure, Endpoint endpoint) {
        ApiError e = switch (failure) {
            case Failure.HttpError h -> h.error();
            case Failure.StreamError s -> s.error();
            default -> null;
        };
        if (e == null) return new Probe(failure, null, -1, "", "", "", null);
        String text = (e.message() + "\n" + e.rawBody()).toLowerCase(Locale.ROOT);
        String code = lower(e.code());
        return new Probe(failure, e, e.httpStatus(), lower(e.type()), code, text, minimaxCode(code, text, endpoint));
    }

    private static Integer minimaxCode(String code, String text, Endpoint endpoint) {
        if (code.matches("10\\d\\d")) return Integer.valueOf(code);
        boolean fromMinimax = text.contains("minimax") || text.contains("new_sensitive") || endpoint != null
                && (endpoint.provider().toLowerCase(Locale.ROOT).contains("minimax")
                || String.valueOf(endpoint.baseUrl().getHost()).contains("minimax"));
        Matcher m = MINIMAX_IN_TEXT.matcher(text);
        while (m.find()) {
            if (m.group(1) != null) return Integer.valueOf(m.group(1)); // base_resp.status_code: explicit
            if (fromMinimax) return Integer.valueOf(m.group(2));
        }
        return null;
    }

    private static String lower(String s) {
        return s == null ? "" : s.toLowerCase(Locale.ROOT);
    }
}

package dev.hermes.provider.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hermes.llm.ApiError;
import dev.hermes.util.Json;

import java.net.http.HttpHeaders;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * Turns provider error bodies into {@link ApiError}s. Understands the shapes seen in the wild:
 * OpenAI {@code {"error":{"message","type","code"}}} (code a string or a number), Anthropic
 * {@code {"type":"error","error":{"type","message"}}}, MiniMax {@code base_resp.status_code /
 * status_msg}, a bare {@code {"error":"text"}} or {@code {"message":"text"}}, and plain text.
 */
public final class ApiErrors {

    /** How much of a body an {@link ApiError} keeps for logs and classification. */
    public static final int RAW_BODY_CHARS = 4096;

    /** A non-JSON body (a proxy's HTML page) in a message: its gist, not the page. */
    private static final int PLAIN_MESSAGE_CHARS = 160;
    private static final java.util.regex.Pattern TITLE = java.util.regex.Pattern.compile("(?is)<title[^>]*>(.*?)</title>");
    private static final java.util.regex.Pattern TAG = java.util.regex.Pattern.compile("(?s)<[^>]*>");

    private ApiErrors() {
    }

    /** The error for a non-2xx response; {@code now} resolves a Retry-After given as an HTTP date. */
    public static ApiError fromResponse(int status, HttpHeaders headers, String body, Instant now) {
        Duration retryAfter = retryAfter(headers, now);
        JsonNode node = parseObject(body);
        if (node == null) {
            return new ApiError(status, null, null, cut(plain(body), PLAIN_MESSAGE_CHARS), retryAfter, cut(body, RAW_BODY_CHARS));
        }
        return fromJson(status, node, body, retryAfter);
    }

    /**
     * True when a JSON payload carries an error: an {@code error} member, {@code "type":"error"},
     * or a MiniMax {@code base_resp} with a non-zero status code.
     */
    public static boolean isError(JsonNode node) {
        return (node.hasNonNull("error") && !node.get("error").isBoolean())
                || "error".equals(node.path("type").asText(null))
                || miniMaxCode(node) != 0;
    }

    /** The error a JSON payload describes, for a response ({@code status > 0}) or a stream ({@code status == 0}). */
    public static ApiError fromJson(int status, JsonNode node, String raw, Duration retryAfter) {
        JsonNode error = node.get("error");
        String type = null;
        String code = null;
        String message = null;
        if (error != null && error.isObject()) {
            type = text(error.get("type"));
            code = text(error.get("code"));
            message = text(error.get("message"));
        } else if (error != null && error.isTextual()) {
            message = error.asText();
        }
        if (message == null) message = text(node.get("message"));
        if (message == null) message = text(node.get("detail"));
        long miniMax = miniMaxCode(node);
        if (miniMax != 0) {
            if (code == null) code = Long.toString(miniMax);
            if (message == null) message = text(node.path("base_resp").get("status_msg"));
        }
        return new ApiError(status, type, code, message, retryAfter, cut(raw, RAW_BODY_CHARS));
    }

    /**
     * How long the provider asked us to wait: {@code retry-after-ms} (milliseconds, more precise,
     * preferred) or {@code Retry-After} (seconds or an HTTP date); null when absent or unreadable.
     */
    public static Duration retryAfter(HttpHeaders headers, Instant now) {
        Optional<String> millis = headers.firstValue("retry-after-ms");
        if (millis.isPresent()) {
            Duration d = parseNumber(millis.get(), 1);
            if (d != null) return d;
        }
        Optional<String> value = headers.firstValue("retry-after");
        if (value.isEmpty()) return null;
        Duration seconds = parseNumber(value.get(), 1000);
        if (seconds != null) return seconds;
        try {
            Instant at = ZonedDateTime.parse(value.get().trim(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            Duration d = Duration.between(now, at);
            return d.isNegative() ? Duration.ZERO : d;
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static Duration parseNumber(String value, long millisPerUnit) {
        try {
            double n = Double.parseDouble(value.trim());
            if (n < 0 || Double.isNaN(n) || Double.isInfinite(n)) return null;
            return Duration.ofMillis(Math.round(n * millisPerUnit));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static long miniMaxCode(JsonNode node) {
        JsonNode code = node.path("base_resp").get("status_code");
        return code != null && code.canConvertToLong() ? code.asLong() : 0;
    }

    /** Whether an error body is not a JSON object (an HTML page from a proxy, plain text): a URL helps then. */
    public static boolean isPlain(String body) {
        return parseObject(body) == null;
    }

    private static JsonNode parseObject(String body) {
        String trimmed = body.strip();
        if (!trimmed.startsWith("{")) return null;
        try {
            JsonNode node = Json.MAPPER.readTree(trimmed);
            return node != null && node.isObject() ? node : null;
        } catch (Exception e) {
            return null;
        }
    }

    private static String text(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) return null;
        if (node.isValueNode()) return node.asText();
        return node.toString();
    }

    /** A body that is not JSON, as words: an HTML page's title (else its text without tags), whitespace collapsed. */
    static String plain(String body) {
        java.util.regex.Matcher title = TITLE.matcher(body);
        String text = title.find() ? title.group(1) : TAG.matcher(body).replaceAll(" ");
        return text.replaceAll("\\s+", " ").strip();
    }

    public static String cut(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max) + "…";
    }
}

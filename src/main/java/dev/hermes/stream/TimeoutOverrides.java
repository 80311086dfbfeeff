package dev.hermes.stream;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Timeouts set explicitly at one config level (global, provider or model); null means "not set
 * here". {@link #resolve} layers them over the built-in defaults so that an explicit value always
 * wins, smaller or larger: the original applied per-model floors with max(), silently ignoring a
 * smaller explicit setting.
 */
public record TimeoutOverrides(Duration connect, Duration headers, Duration firstContent, Duration contentIdle,
                               Duration livenessIdle, Duration deadline) {

    public static final TimeoutOverrides NONE = new TimeoutOverrides(null, null, null, null, null, null);

    /** Context sizes above which the default content-idle timeout grows, as in the original. */
    static final long LARGE_CONTEXT = 50_000, HUGE_CONTEXT = 100_000;

    /** Our config keys, in record order, and the original's aliases for two of them. */
    public static final String CONNECT = "connect_timeout_seconds", HEADERS = "headers_timeout_seconds",
            FIRST_CONTENT = "first_content_timeout_seconds", CONTENT_IDLE = "content_idle_timeout_seconds",
            LIVENESS_IDLE = "liveness_idle_timeout_seconds", DEADLINE = "deadline_seconds",
            STALE_ALIAS = "stale_timeout_seconds", REQUEST_ALIAS = "request_timeout_seconds";

    /**
     * Reads the timeout keys of one config map (other keys are ignored). Values are seconds,
     * integer or fractional, as numbers or numeric strings.
     *
     * @param origin where the map came from, e.g. "config.yaml: providers.minimax"; used in errors
     * @throws IllegalArgumentException naming origin and key for a non-numeric or non-positive
     *                                  value, or for a key given both under our name and its alias
     */
    public static TimeoutOverrides fromMap(Map<String, ?> map, String origin) {
        Map<String, Duration> d = new LinkedHashMap<>();
        for (var e : map.entrySet()) {
            String key = e.getKey();
            String canonical = switch (key) {
                case STALE_ALIAS -> CONTENT_IDLE;
                case REQUEST_ALIAS -> DEADLINE;
                default -> key;
            };
            if (!isKey(canonical)) continue;
            if (d.containsKey(canonical)) {
                throw new IllegalArgumentException(origin + ": '" + key + "' and '" + canonical
                        + "' set the same timeout; keep one");
            }
            d.put(canonical, seconds(e.getValue(), origin, key));
        }
        return new TimeoutOverrides(d.get(CONNECT), d.get(HEADERS), d.get(FIRST_CONTENT), d.get(CONTENT_IDLE),
                d.get(LIVENESS_IDLE), d.get(DEADLINE));
    }

    /** This level's values where set, else {@code lower}'s. */
    public TimeoutOverrides over(TimeoutOverrides lower) {
        return new TimeoutOverrides(pick(connect, lower.connect), pick(headers, lower.headers),
                pick(firstContent, lower.firstContent), pick(contentIdle, lower.contentIdle),
                pick(livenessIdle, lower.livenessIdle), pick(deadline, lower.deadline));
    }

    /**
     * The timeouts of one call: model over provider over global over built-in defaults. Only
     * the built-in content-idle default depends on the endpoint (900 s local) and the context
     * size (at least 240 s above 50k tokens, 300 s above 100k); an explicit value is never raised.
     */
    public static StreamTimeouts resolve(TimeoutOverrides global, TimeoutOverrides provider, TimeoutOverrides model,
                                         boolean localEndpoint, long contextTokens) {
        TimeoutOverrides set = model.over(provider).over(global);
        StreamTimeouts base = StreamTimeouts.defaults(localEndpoint);
        Duration idle = base.contentIdle();
        if (contextTokens > HUGE_CONTEXT) idle = max(idle, Duration.ofSeconds(300));
        else if (contextTokens > LARGE_CONTEXT) idle = max(idle, Duration.ofSeconds(240));
        return new StreamTimeouts(pick(set.connect, base.connect()), pick(set.headers, base.headers()),
                pick(set.firstContent, base.firstContent()), pick(set.contentIdle, idle),
                pick(set.livenessIdle, base.livenessIdle()), pick(set.deadline, base.deadline()));
    }

    private static boolean isKey(String k) {
        return k.equals(CONNECT) || k.equals(HEADERS) || k.equals(FIRST_CONTENT) || k.equals(CONTENT_IDLE)
                || k.equals(LIVENESS_IDLE) || k.equals(DEADLINE);
    }

    private static Duration seconds(Object value, String origin, String key) {
        BigDecimal s;
        try {
            s = value instanceof Number n ? new BigDecimal(n.toString()) : new BigDecimal(String.valueOf(value).trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(origin + ": '" + key + "' must be a number of seconds, got '" + value + "'");
        }
        if (s.signum() <= 0) {
            throw new IllegalArgumentException(origin + ": '" + key + "' must be positive, got " + value);
        }
        long nanos = s.movePointRight(9).longValue();
        if (nanos < 1_000_000) {
            throw new IllegalArgumentException(origin + ": '" + key + "' must be at least 0.001 s, got " + value);
        }
        return Duration.ofNanos(nanos);
    }

    private static Duration pick(Duration explicit, Duration fallback) {
        return explicit != null ? explicit : fallback;
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }
}

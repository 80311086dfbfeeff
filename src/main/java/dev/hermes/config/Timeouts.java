package dev.hermes.config;

import dev.hermes.provider.ProviderSettings;
import dev.hermes.stream.StreamTimeouts;
import dev.hermes.util.Origin;
import dev.hermes.util.Sourced;

import java.time.Duration;
import java.util.Map;

/**
 * The six stream timers as configured at one level (the global {@code timeouts} section,
 * {@code providers.<id>}, or {@code providers.<id>.models.<model>}); null parts are unset.
 * Levels are layered with {@link #over}, and {@link #withDefaults} fills what no level set.
 * Meanings are those of {@link StreamTimeouts}.
 */
public record Timeouts(Sourced<Duration> connect, Sourced<Duration> headers, Sourced<Duration> firstContent,
                       Sourced<Duration> contentIdle, Sourced<Duration> livenessIdle, Sourced<Duration> deadline) {

    public static final Timeouts NONE = new Timeouts(null, null, null, null, null, null);

    /** The config keys of the six timers, in record order, and the original's alias where it had one. */
    public enum Key {
        CONNECT("connect_timeout_seconds", null),
        HEADERS("headers_timeout_seconds", null),
        FIRST_CONTENT("first_content_timeout_seconds", null),
        CONTENT_IDLE("content_idle_timeout_seconds", "stale_timeout_seconds"),
        LIVENESS_IDLE("liveness_idle_timeout_seconds", null),
        DEADLINE("deadline_seconds", null);

        /** Our name for the key. */
        public final String key;
        /** The original's name for the same timer, or null. */
        public final String alias;

        Key(String key, String alias) {
            this.key = key;
            this.alias = alias;
        }
    }

    /**
     * The original's per-operation HTTP timeout ({@code providers.<id>.request_timeout_seconds},
     * per model {@code timeout_seconds}, env {@code HERMES_API_TIMEOUT}): connect, and the longest
     * wait for the next bytes. Not a deadline: it sets our connect (at most {@link #CONNECT_CAP}),
     * headers and liveness-idle timers.
     */
    public static final String REQUEST_TIMEOUT = "request_timeout_seconds", MODEL_TIMEOUT = "timeout_seconds";
    /** The original caps the connect part of a per-operation timeout at 60 s. */
    public static final Duration CONNECT_CAP = Duration.ofSeconds(60);

    /** The timers a per-operation timeout {@code v} stands for: connect (capped), headers, liveness idle. */
    public static void perOperation(Sourced<Duration> v, Map<Key, Sourced<Duration>> into) {
        Duration connect = v.value().compareTo(CONNECT_CAP) > 0 ? CONNECT_CAP : v.value();
        into.putIfAbsent(Key.CONNECT, Sourced.of(connect, v.origin()));
        into.putIfAbsent(Key.HEADERS, v);
        into.putIfAbsent(Key.LIVENESS_IDLE, v);
    }

    /** The timers set in {@code byKey}; absent keys are unset. */
    public static Timeouts of(Map<Key, Sourced<Duration>> byKey) {
        return new Timeouts(byKey.get(Key.CONNECT), byKey.get(Key.HEADERS), byKey.get(Key.FIRST_CONTENT),
                byKey.get(Key.CONTENT_IDLE), byKey.get(Key.LIVENESS_IDLE), byKey.get(Key.DEADLINE));
    }

    /** This level's timers where set, else {@code lower}'s. */
    public Timeouts over(Timeouts lower) {
        return new Timeouts(pick(connect, lower.connect), pick(headers, lower.headers),
                pick(firstContent, lower.firstContent), pick(contentIdle, lower.contentIdle),
                pick(livenessIdle, lower.livenessIdle), pick(deadline, lower.deadline));
    }

    /**
     * Every timer, unset ones from the built-in defaults ({@link StreamTimeouts#defaults}; local
     * endpoints get 900 s content timers). An unset liveness idle is never shorter than the
     * effective first-content and content-idle timers: by default the content timers decide, and
     * liveness is an opt-in, tighter check for providers known to send pings (a quiet but healthy
     * server can send no bytes for as long as content idle allows).
     */
    public ProviderSettings withDefaults(boolean localEndpoint) {
        StreamTimeouts d = StreamTimeouts.defaults(localEndpoint);
        Origin defaultOrigin = localEndpoint ? new Origin.Default("local server") : Origin.DEFAULT;
        Sourced<Duration> first = pick(firstContent, Sourced.of(d.firstContent(), defaultOrigin));
        Sourced<Duration> idle = pick(contentIdle, Sourced.of(d.contentIdle(), defaultOrigin));
        Sourced<Duration> liveness = livenessIdle != null ? livenessIdle : livenessDefault(d.livenessIdle(), first, idle);
        return new ProviderSettings(pick(connect, Sourced.byDefault(d.connect())),
                pick(headers, Sourced.byDefault(d.headers())), first, idle, liveness,
                pick(deadline, Sourced.byDefault(d.deadline())));
    }

    private static Sourced<Duration> livenessDefault(Duration base, Sourced<Duration> first, Sourced<Duration> idle) {
        Sourced<Duration> longest = first.value().compareTo(idle.value()) > 0 ? first : idle;
        if (longest.value().compareTo(base) <= 0) return Sourced.byDefault(base);
        Key key = longest == first ? Key.FIRST_CONTENT : Key.CONTENT_IDLE;
        return Sourced.of(longest.value(), new Origin.Default("as " + key.key));
    }

    private static <T> T pick(T set, T fallback) {
        return set != null ? set : fallback;
    }
}

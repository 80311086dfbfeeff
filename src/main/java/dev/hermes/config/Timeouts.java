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
        DEADLINE("deadline_seconds", "request_timeout_seconds");

        /** Our name for the key. */
        public final String key;
        /** The original's name for the same timer, or null. */
        public final String alias;

        Key(String key, String alias) {
            this.key = key;
            this.alias = alias;
        }
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
     * Every timer, unset ones from the built-in defaults ({@link StreamTimeouts#defaults}). Content
     * idle defaults to 900 s for a local endpoint. Liveness idle defaults to 120 s, except that an
     * explicitly configured content idle longer than that carries liveness with it: a quiet but
     * healthy local server sends no pings, and a 120 s byte gap would cut what the user allowed.
     */
    public ProviderSettings withDefaults(boolean localEndpoint) {
        StreamTimeouts d = StreamTimeouts.defaults(localEndpoint);
        Sourced<Duration> idle = pick(contentIdle,
                Sourced.of(d.contentIdle(), localEndpoint ? new Origin.Default("local server") : Origin.DEFAULT));
        Sourced<Duration> liveness = livenessIdle != null ? livenessIdle
                : contentIdle != null && contentIdle.value().compareTo(d.livenessIdle()) > 0
                ? Sourced.of(contentIdle.value(), new Origin.Default("as " + Key.CONTENT_IDLE.key))
                : Sourced.byDefault(d.livenessIdle());
        return new ProviderSettings(pick(connect, Sourced.byDefault(d.connect())),
                pick(headers, Sourced.byDefault(d.headers())), pick(firstContent, Sourced.byDefault(d.firstContent())),
                idle, liveness, pick(deadline, Sourced.byDefault(d.deadline())));
    }

    private static <T> T pick(T set, T fallback) {
        return set != null ? set : fallback;
    }
}

package dev.hermes.stream;

/**
 * The watchdog timer that ended an attempt. Each names the config key that sets it, so a
 * stall report can tell the user which setting to change.
 */
public enum StallKind {
    /** No response headers within connect + headers timeouts of sending the request. */
    HEADERS("headers_timeout_seconds"),
    /** Headers arrived but no content delta followed within the first-content timeout. */
    FIRST_CONTENT("first_content_timeout_seconds"),
    /** Content had started, then no content delta for the content-idle timeout (pings do not count). */
    CONTENT_IDLE("content_idle_timeout_seconds"),
    /** No bytes at all (not even pings) for the liveness timeout after headers. */
    LIVENESS_IDLE("liveness_idle_timeout_seconds"),
    /** The attempt's overall deadline passed, however lively the stream was. */
    DEADLINE("deadline_seconds");

    private final String configKey;

    StallKind(String configKey) {
        this.configKey = configKey;
    }

    /** The config key of the timeout behind this timer. */
    public String configKey() {
        return configKey;
    }
}

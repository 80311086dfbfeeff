package dev.hermes.sim;

import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Every fault the simulator can play, named as it is spelled in a model name. The documentation
 * of each one (parameters, bytes on the wire) is docs/simulator.md.
 */
public enum FaultKind {
    HEALTHY("healthy"),
    RATE_LIMIT_ONCE("rate-limit-once", "retry_after"),
    RATE_LIMIT("rate-limit", "retry_after", "retry_after_ms"),
    ERROR_500_ONCE("error-500-once"),
    OVERLOADED_503("overloaded-503", "retry_after"),
    OVERLOADED_529("overloaded-529", "retry_after"),
    RESET_BEFORE_HEADERS("reset-before-headers"),
    NO_RESPONSE("no-response"),
    SLOW_FIRST_TOKEN("slow-first-token", "delay_ms"),
    CUT("cut", "after", "clean"),
    STALL("stall", "after"),
    PINGS_ONLY("pings-only", "after", "interval_ms"),
    MALFORMED("malformed", "after"),
    LENGTH("length", "after"),
    NO_DONE("no-done"),
    CONTEXT_LENGTH("context-length"),
    CONTENT_POLICY("content-policy"),
    CONTENT_FILTER("content-filter", "after"),
    CONTENT_FILTER_TOOL("content-filter-tool", "after"),
    AUTH_ERROR("auth-error"),
    NO_PREFILL("no-prefill"),
    DOWN("down", "ms"),
    ENDLESS("endless", "after", "tool", "delta_words"),
    SCRIPTED("scripted");

    /** Parameters every fault accepts: answer length and chunking. */
    static final Set<String> COMMON_PARAMS = Set.of("words", "chunk_words", "chunk_delay_ms", "fragment_chars", "times");

    private final String modelName;
    private final Set<String> params;

    FaultKind(String modelName, String... params) {
        this.modelName = modelName;
        this.params = Set.of(params);
    }

    /** Parameters of this fault besides {@link #COMMON_PARAMS}. */
    Set<String> params() {
        return params;
    }

    /** The name as written in a model name, e.g. {@code "cut"} in {@code "cut:after=5"}. */
    public String modelName() {
        return modelName;
    }

    /** The fault with this model name, or null. */
    static FaultKind byModelName(String name) {
        for (FaultKind k : values()) {
            if (k.modelName.equals(name)) return k;
        }
        return null;
    }

    static String allNames() {
        return Arrays.stream(values()).map(FaultKind::modelName).collect(Collectors.joining(", "));
    }
}

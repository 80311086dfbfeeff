package dev.hermes.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every key config.yaml may hold, in one place. Keys are patterns: {@code *} stands for a name the
 * user chooses (a provider id, a model, a header), {@code []} for a list item. A key that matches
 * nothing here is reported as a warning with its file and line; a value of the wrong type is a
 * {@link ConfigException}.
 */
final class ConfigSchema {

    /** What a key holds. */
    enum Kind {
        /** A mapping with fixed keys, each listed in {@link #KEYS}. */
        SECTION("a mapping"),
        /** A mapping whose keys the user names; values follow the pattern {@code key.*}. */
        NAMED("a mapping"),
        /** A list; items follow the pattern {@code key[]}. */
        LIST("a list"),
        /** {@code model}: a plain model name, or a section. */
        MODEL("a model name or a mapping"),
        STRING("a string"),
        /** A string never shown: {@code api_key}. */
        SECRET("a string"),
        URL("an http(s) URL"),
        SECONDS("a positive number of seconds"),
        INT("an integer"),
        /** A share: {@code compression.threshold}. */
        FRACTION("a number between 0 and 1"),
        BOOL("true or false"),
        API_MODE("one of chat_completions, anthropic_messages"),
        STRATEGY("one of fill_first, round_robin, least_used, random"),
        /** A key of the original we do not implement: any value, reported once per section ({@link OriginalKeys}). */
        UNSUPPORTED("anything"),
        /** A key of the original it manages itself or has retired: any value, accepted without a word. */
        IGNORED("anything");

        final String expected;

        Kind(String expected) {
            this.expected = expected;
        }
    }

    static final Map<String, Kind> KEYS = keys();

    /** The inclusive range of an integer setting; every {@link Kind#INT} key has one in {@link #RANGES}. */
    record Range(long min, long max) {
        boolean contains(long v) {
            return v >= min && v <= max;
        }
    }

    /** Ranges of the integer settings, by key pattern: a value outside is an error naming file, line and key. */
    static final Map<String, Range> RANGES = Map.ofEntries(
            Map.entry("agent.max_turns", new Range(1, 100_000)),
            Map.entry("agent.retries", new Range(0, 100)),
            Map.entry("agent.max_tokens", new Range(1, 10_000_000)),
            Map.entry("kanban.max_workers", new Range(1, 1_000)),
            Map.entry("kanban.max_workers_per_profile", new Range(1, 1_000)),
            Map.entry("failover.breaker_failure_threshold", new Range(1, 10_000)),
            Map.entry("agent.api_max_retries", new Range(1, 101)),
            Map.entry("failover.max_answer_chars", new Range(10_000, 1_000_000_000)),
            Map.entry("failover.slow_drip_min_chars", new Range(1, 100_000_000)),
            Map.entry("model.context_length", new Range(1_024, 100_000_000)),
            Map.entry("compression.threshold_tokens", new Range(256, 100_000_000)),
            Map.entry("compression.protect_first_n", new Range(0, 10_000)),
            Map.entry("compression.protect_last_n", new Range(1, 10_000)),
            Map.entry("compression.max_attempts", new Range(1, 10)),
            Map.entry("proxy.port", new Range(0, 65_535)),
            Map.entry("proxy.max_body_bytes", new Range(1_024, 1L << 30)),
            Map.entry("proxy.max_concurrent_requests", new Range(1, 1_000_000)));

    /** Seconds settings: above a millisecond (a timer of zero fires at once), at most ten years. */
    static final java.math.BigDecimal MAX_SECONDS = java.math.BigDecimal.valueOf(315_360_000L);

    private static Map<String, Kind> keys() {
        Map<String, Kind> k = new LinkedHashMap<>();
        k.put("", Kind.SECTION);
        k.put("model", Kind.MODEL);
        k.put("model.default", Kind.STRING);
        k.put("model.model", Kind.STRING); // the original's alias of model.default
        k.put("model.provider", Kind.STRING);
        route(k, "model");
        k.put("model.context_length", Kind.INT);

        k.put("timeouts", Kind.SECTION);
        timeouts(k, "timeouts");

        k.put("providers", Kind.NAMED);
        k.put("providers.*", Kind.SECTION);
        route(k, "providers.*");
        timeouts(k, "providers.*");
        k.put("providers.*.headers", Kind.NAMED);
        k.put("providers.*.headers.*", Kind.SECRET); // may carry auth: never shown
        k.put("providers.*.model", Kind.STRING); // the provider's default model
        k.put("providers.*.models", Kind.NAMED);
        k.put("providers.*.models.*", Kind.SECTION);
        timeouts(k, "providers.*.models.*");

        k.put("fallback_providers", Kind.LIST);
        entry(k, "fallback_providers[]");

        k.put("model_aliases", Kind.NAMED);
        entry(k, "model_aliases.*");
        k.put("model_aliases.*.fallbacks", Kind.LIST);
        entry(k, "model_aliases.*.fallbacks[]");

        k.put("agent", Kind.SECTION);
        k.put("agent.max_turns", Kind.INT);
        k.put("agent.retries", Kind.INT);
        k.put("agent.api_max_retries", Kind.INT);
        k.put("agent.max_tokens", Kind.INT);
        k.put("agent.reasoning_effort", Kind.STRING);
        k.put("agent.system_prompt", Kind.STRING);
        k.put("agent.terminal_allow", Kind.LIST);
        k.put("agent.terminal_allow[]", Kind.STRING);
        k.put("agent.secret_paths_allow", Kind.LIST);
        k.put("agent.secret_paths_allow[]", Kind.STRING);
        k.put("agent.tool_timeout_seconds", Kind.SECONDS);

        k.put("credential_pool_strategies", Kind.NAMED);
        k.put("credential_pool_strategies.*", Kind.STRATEGY);

        k.put("board", Kind.SECTION);
        k.put("board.url", Kind.SECRET); // a PostgreSQL URL may carry a password
        k.put("board.name", Kind.STRING);
        k.put("kanban", Kind.SECTION);
        k.put("kanban.max_workers", Kind.INT);
        k.put("kanban.max_workers_per_profile", Kind.INT);
        k.put("kanban.lease_seconds", Kind.SECONDS);
        k.put("kanban.kill_grace_seconds", Kind.SECONDS);
        k.put("kanban.tick_seconds", Kind.SECONDS);
        k.put("kanban.rate_limit_cooldown_seconds", Kind.SECONDS);
        k.put("kanban.busy_timeout_seconds", Kind.SECONDS);
        k.put("kanban.worker_env", Kind.LIST); // variables the dispatcher passes to workers, by name
        k.put("kanban.worker_env[]", Kind.STRING);

        k.put("failover", Kind.SECTION);
        k.put("failover.breaker_failure_threshold", Kind.INT);
        k.put("failover.breaker_cooldown_seconds", Kind.SECONDS);
        k.put("failover.backoff_base_seconds", Kind.SECONDS);
        k.put("failover.backoff_cap_seconds", Kind.SECONDS);
        k.put("failover.retry_after_cap_seconds", Kind.SECONDS);
        k.put("failover.call_deadline_seconds", Kind.SECONDS);
        k.put("failover.move_on_after_timeout", Kind.BOOL);
        k.put("failover.max_answer_chars", Kind.INT);
        k.put("failover.slow_drip_min_chars", Kind.INT);
        k.put("failover.slow_drip_window_seconds", Kind.SECONDS);

        k.put("proxy", Kind.SECTION);
        k.put("proxy.host", Kind.STRING);
        k.put("proxy.port", Kind.INT);
        k.put("proxy.keys", Kind.LIST);
        k.put("proxy.keys[]", Kind.SECTION);
        k.put("proxy.keys[].name", Kind.STRING);
        k.put("proxy.keys[].key", Kind.SECRET);
        k.put("proxy.max_body_bytes", Kind.INT);
        k.put("proxy.max_concurrent_requests", Kind.INT);
        k.put("proxy.drain_seconds", Kind.SECONDS);

        k.put("env", Kind.SECTION);
        k.put("env.inherit_root", Kind.BOOL);

        k.put("platform_toolsets", Kind.NAMED);
        k.put("platform_toolsets.*", Kind.LIST);
        k.put("platform_toolsets.*[]", Kind.STRING);

        k.put("mcp_servers", Kind.NAMED);
        k.put("mcp_servers.*", Kind.SECTION);
        k.put("mcp_servers.*.command", Kind.STRING);
        k.put("mcp_servers.*.args", Kind.LIST);
        k.put("mcp_servers.*.args[]", Kind.STRING);
        k.put("mcp_servers.*.env", Kind.NAMED);
        k.put("mcp_servers.*.env.*", Kind.SECRET); // a server's token: never shown
        k.put("mcp_servers.*.url", Kind.URL);
        k.put("mcp_servers.*.headers", Kind.NAMED);
        k.put("mcp_servers.*.headers.*", Kind.SECRET);
        k.put("mcp_servers.*.timeout", Kind.SECONDS);
        k.put("mcp_servers.*.connect_timeout", Kind.SECONDS);

        k.put("compression", Kind.SECTION);
        k.put("compression.enabled", Kind.BOOL);
        k.put("compression.threshold", Kind.FRACTION);
        k.put("compression.threshold_tokens", Kind.INT);
        k.put("compression.target_ratio", Kind.FRACTION);
        k.put("compression.protect_first_n", Kind.INT);
        k.put("compression.protect_last_n", Kind.INT);
        k.put("compression.max_attempts", Kind.INT);

        k.put("auxiliary", Kind.SECTION);
        entry(k, "auxiliary.compression");
        k.put("auxiliary.compression.timeout", Kind.SECONDS);

        OriginalKeys.addTo(k);
        return Map.copyOf(k);
    }

    /** A route entry of its own: provider and model, and how to reach them (a fallback, an alias). */
    private static void entry(Map<String, Kind> k, String pattern) {
        k.put(pattern, Kind.SECTION);
        k.put(pattern + ".provider", Kind.STRING);
        k.put(pattern + ".model", Kind.STRING);
        route(k, pattern);
    }

    /** Keys that say where and how to reach a provider. */
    private static void route(Map<String, Kind> k, String prefix) {
        k.put(prefix + ".base_url", Kind.URL);
        k.put(prefix + ".api_mode", Kind.API_MODE);
        k.put(prefix + ".key_env", Kind.STRING);
        k.put(prefix + ".api_key", Kind.SECRET);
        k.put(prefix + ".key_cmd", Kind.STRING); // a command printing a short-lived token (KeyCommand)
        // the original's request headers; extra_headers wins over default_headers
        for (String h : List.of("extra_headers", "default_headers")) {
            k.put(prefix + "." + h, Kind.NAMED);
            k.put(prefix + "." + h + ".*", Kind.SECRET); // may carry auth: never shown
        }
    }

    /** The six timers under our names, and the original's names for two of them. */
    private static void timeouts(Map<String, Kind> k, String prefix) {
        for (Timeouts.Key t : Timeouts.Key.values()) {
            k.put(prefix + "." + t.key, Kind.SECONDS);
            if (t.alias != null) k.put(prefix + "." + t.alias, Kind.SECONDS);
        }
        k.put(prefix + "." + Timeouts.REQUEST_TIMEOUT, Kind.SECONDS);
        if (prefix.endsWith(".models.*")) k.put(prefix + "." + Timeouts.MODEL_TIMEOUT, Kind.SECONDS);
    }

    private ConfigSchema() {
    }
}

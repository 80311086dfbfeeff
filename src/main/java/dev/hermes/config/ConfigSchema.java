package dev.hermes.config;

import java.util.LinkedHashMap;
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
        STRATEGY("one of fill_first, round_robin, least_used, random");

        final String expected;

        Kind(String expected) {
            this.expected = expected;
        }
    }

    static final Map<String, Kind> KEYS = keys();

    private static Map<String, Kind> keys() {
        Map<String, Kind> k = new LinkedHashMap<>();
        k.put("", Kind.SECTION);
        k.put("model", Kind.MODEL);
        k.put("model.default", Kind.STRING);
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
        k.put("providers.*.models", Kind.NAMED);
        k.put("providers.*.models.*", Kind.SECTION);
        timeouts(k, "providers.*.models.*");

        k.put("fallback_providers", Kind.LIST);
        k.put("fallback_providers[]", Kind.SECTION);
        k.put("fallback_providers[].provider", Kind.STRING);
        k.put("fallback_providers[].model", Kind.STRING);
        route(k, "fallback_providers[]");

        k.put("agent", Kind.SECTION);
        k.put("agent.max_turns", Kind.INT);
        k.put("agent.retries", Kind.INT);
        k.put("agent.max_tokens", Kind.INT);
        k.put("agent.reasoning_effort", Kind.STRING);
        k.put("agent.system_prompt", Kind.STRING);
        k.put("agent.terminal_allow", Kind.LIST);
        k.put("agent.terminal_allow[]", Kind.STRING);

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

        k.put("failover", Kind.SECTION);
        k.put("failover.breaker_failure_threshold", Kind.INT);
        k.put("failover.breaker_cooldown_seconds", Kind.SECONDS);
        k.put("failover.backoff_base_seconds", Kind.SECONDS);
        k.put("failover.backoff_cap_seconds", Kind.SECONDS);
        k.put("failover.retry_after_cap_seconds", Kind.SECONDS);
        k.put("failover.call_deadline_seconds", Kind.SECONDS);

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
        k.put("auxiliary.compression", Kind.SECTION);
        k.put("auxiliary.compression.provider", Kind.STRING);
        k.put("auxiliary.compression.model", Kind.STRING);
        k.put("auxiliary.compression.timeout", Kind.SECONDS);
        route(k, "auxiliary.compression");
        return Map.copyOf(k);
    }

    /** Keys that say where and how to reach a provider. */
    private static void route(Map<String, Kind> k, String prefix) {
        k.put(prefix + ".base_url", Kind.URL);
        k.put(prefix + ".api_mode", Kind.API_MODE);
        k.put(prefix + ".key_env", Kind.STRING);
        k.put(prefix + ".api_key", Kind.SECRET);
    }

    /** The six timers under our names, and the original's names for two of them. */
    private static void timeouts(Map<String, Kind> k, String prefix) {
        for (Timeouts.Key t : Timeouts.Key.values()) {
            k.put(prefix + "." + t.key, Kind.SECONDS);
            if (t.alias != null) k.put(prefix + "." + t.alias, Kind.SECONDS);
        }
    }

    private ConfigSchema() {
    }
}

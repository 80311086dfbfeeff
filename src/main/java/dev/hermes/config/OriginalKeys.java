package dev.hermes.config;

import dev.hermes.config.ConfigSchema.Kind;

import java.util.List;
import java.util.Map;

/**
 * Keys of the Python original's example config.yaml ({@code cli-config.yaml.example}) that this
 * runtime recognises but does not implement. A user's config.yaml brought over from the original
 * holds them; they are reported once per section as "recognised but not supported here", never
 * as unknown keys, and their values are not checked. Keys we do implement live in
 * {@link ConfigSchema} and win over these (docs/configuration.md has the full table).
 */
final class OriginalKeys {

    /** Whole top-level sections (or scalars) we do not implement. */
    static final List<String> SECTIONS = List.of(
            "database", "runtime", "attachments", "plugins", "provider_routing", "openrouter", "worktree",
            "worktree_sync", "cron", "terminal", "security", "lsp", "browser", "tool_loop_guardrails", "compression",
            "tool_budget", "prompt_caching", "vision", "auxiliary", "memory", "max_concurrent_sessions",
            "group_sessions_per_user", "sessions", "gateway", "dashboard", "platforms", "streaming", "skills",
            "platform_toolsets", "discord", "mcp_servers", "tts", "stt", "wake_word", "image_gen", "human_delay",
            "code_execution", "delegation", "honcho", "display", "privacy", "hooks", "hooks_auto_accept", "telemetry",
            "auth", "updates", "secrets", "custom_providers");

    /** Keys inside sections we do implement, by section pattern. */
    static final Map<String, List<String>> KEYS_IN = Map.of(
            "model", List.of("streaming", "auth_mode", "entra", "ollama_num_ctx"),
            "providers.*", List.of("extra_body", "session_affinity_header"),
            "agent", List.of("gateway_timeout", "gateway_turn_lease_timeout", "gateway_timeout_warning",
                    "session_stall_timeout", "sanitizer_heal_escalation_threshold", "restart_drain_timeout",
                    "cron_drain_timeout", "restart_after_turn_timeout", "build_wait_timeout",
                    "auto_recovery_cycles", "verify_on_stop", "coding_instructions", "verify_guidance",
                    "max_verify_nudges", "verbose", "reasoning_overrides", "service_tier", "fast_auto_seconds",
                    "personalities", "gateway_notify_interval"),
            "timeouts", List.of("tools"),
            "kanban", List.of("review_dispatch"),
            "compression", List.of("checkpoint_required", "progress_notices", "model_thresholds", "codex_gpt55_autoraise",
                    "min_tail_user_messages", "codex_app_server_auto", "codex_responses_native",
                    "codex_responses_compact_threshold", "idle_compact_after_seconds", "hygiene_max_turn_hold_seconds",
                    "hygiene_timeout_seconds", "proactive_prune_tokens", "proactive_prune_min_result_chars",
                    "proactive_prune_min_reclaim_tokens", "context_timeout_seconds", "context_total_ceiling_seconds"),
            "mcp_servers.*", List.of("keepalive_interval", "lazy", "sampling"),
            "auxiliary", List.of("vision", "web_extract", "tts_audio_tags", "tts_rewrite", "title_generation",
                    "session_search", "background_review"));

    /**
     * Keys the original manages itself or has retired: accepted without a word.
     * {@code _config_version} is its schema version; {@code toolsets} it ignores as deprecated.
     */
    static final List<String> SILENT = List.of("_config_version", "toolsets");

    /** Adds every key above that {@code k} does not already define. */
    static void addTo(Map<String, Kind> k) {
        SECTIONS.forEach(s -> k.putIfAbsent(s, Kind.UNSUPPORTED));
        KEYS_IN.forEach((section, keys) -> keys.forEach(key -> k.putIfAbsent(section + "." + key, Kind.UNSUPPORTED)));
        SILENT.forEach(s -> k.putIfAbsent(s, Kind.IGNORED));
    }

    private OriginalKeys() {
    }
}

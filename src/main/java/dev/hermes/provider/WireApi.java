package dev.hermes.provider;

import java.util.Locale;

/** The HTTP API a provider speaks. Config spells these as {@code api_mode} values. */
public enum WireApi {
    CHAT_COMPLETIONS("chat_completions"),
    ANTHROPIC_MESSAGES("anthropic_messages");

    private final String configName;

    WireApi(String configName) {
        this.configName = configName;
    }

    public String configName() {
        return configName;
    }

    /** Parses an {@code api_mode} value; null when it names no known wire API. */
    public static WireApi fromConfig(String value) {
        if (value == null) return null;
        String v = value.trim().toLowerCase(Locale.ROOT).replace('-', '_');
        for (WireApi api : values()) {
            if (api.configName.equals(v)) return api;
        }
        return switch (v) {
            case "openai", "chat", "chat_completion" -> CHAT_COMPLETIONS;
            case "anthropic", "messages" -> ANTHROPIC_MESSAGES;
            default -> null;
        };
    }
}

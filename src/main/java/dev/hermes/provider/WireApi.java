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

    /** Parses an {@code api_mode} value; null when it is not exactly one of ours (the original's spelling). */
    public static WireApi fromConfig(String value) {
        if (value == null) return null;
        // Exactly the original's names: a near miss ("chat_completion") is a typo to report, not to guess at.
        String v = value.trim().toLowerCase(Locale.ROOT);
        for (WireApi api : values()) {
            if (api.configName.equals(v)) return api;
        }
        return null;
    }
}

package dev.hermes.provider.credentials;

import java.util.Locale;

/** How a {@link CredentialPool} picks among its usable keys. Config spells these in snake_case. */
public enum PoolStrategy {
    /** The first usable key in source order, until it is benched (the default). */
    FILL_FIRST,
    /** Each acquisition takes the next usable key. */
    ROUND_ROBIN,
    /** The usable key handed out least often so far. */
    LEAST_USED,
    /** A random usable key. */
    RANDOM;

    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses a config value; null when it names no strategy. */
    public static PoolStrategy fromConfig(String value) {
        if (value == null) return null;
        String v = value.trim().toLowerCase(Locale.ROOT).replace('-', '_');
        for (PoolStrategy s : values()) {
            if (s.configName().equals(v)) return s;
        }
        return null;
    }
}

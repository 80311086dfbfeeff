package dev.hermes.config;

import dev.hermes.util.Origin;

/**
 * One effective setting for {@code hermes config show}: a key path, its value as text, where it
 * came from. {@link #display()} masks secrets; {@link #toString()} never shows the value.
 */
public record Setting(String key, String value, Origin origin, boolean secret) {
    public static final String MASK = "***";

    public String display() {
        return secret ? MASK : value;
    }

    @Override
    public String toString() {
        return "Setting[" + key + " from " + origin.describe() + "]";
    }
}

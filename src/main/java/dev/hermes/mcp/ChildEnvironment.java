package dev.hermes.mcp;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The environment of a stdio MCP server: a few variables every program needs, taken from ours,
 * and then exactly what its {@code env} section names. Nothing else: provider keys, tokens and
 * everything in our .env files stay with us.
 */
final class ChildEnvironment {

    /** What a program needs to find its interpreter, its home and its locale. */
    static final List<String> SAFE = List.of("PATH", "HOME", "USER", "LOGNAME", "SHELL", "TERM", "LANG", "LC_ALL",
            "LC_CTYPE", "TMPDIR", "TZ");

    private ChildEnvironment() {
    }

    static Map<String, String> of(Map<String, String> ours, Map<String, String> configured) {
        Map<String, String> env = new LinkedHashMap<>();
        for (String name : SAFE) {
            String v = ours.get(name);
            if (v != null) env.put(name, v);
        }
        env.putAll(configured);
        return env;
    }
}

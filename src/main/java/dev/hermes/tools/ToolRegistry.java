package dev.hermes.tools;

import dev.hermes.llm.ToolDefinition;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The tools offered in a session, by name, in a stable order. Immutable and thread-safe. */
public final class ToolRegistry {

    private final Map<String, Tool> byName;

    private ToolRegistry(Map<String, Tool> byName) {
        this.byName = byName;
    }

    /** @throws IllegalArgumentException when two tools share a name */
    public static ToolRegistry of(List<? extends Tool> tools) {
        Map<String, Tool> byName = new LinkedHashMap<>();
        for (Tool tool : tools) {
            if (byName.putIfAbsent(tool.name(), tool) != null) {
                throw new IllegalArgumentException("two tools are named '" + tool.name() + "'");
            }
        }
        return new ToolRegistry(byName);
    }

    public Optional<Tool> find(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    public List<String> names() {
        return List.copyOf(byName.keySet());
    }

    public List<Tool> tools() {
        return List.copyOf(byName.values());
    }

    /** The definitions to put in a model request, in registration order. */
    public List<ToolDefinition> definitions() {
        return byName.values().stream().map(Tool::definition).toList();
    }
}

package dev.hermes.llm;

import java.util.Objects;

/**
 * A tool offered to the model. {@code parametersSchemaJson} is a JSON Schema object, as text,
 * written into requests verbatim.
 */
public record ToolDefinition(String name, String description, String parametersSchemaJson) {
    public ToolDefinition {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(parametersSchemaJson, "parametersSchemaJson");
    }
}

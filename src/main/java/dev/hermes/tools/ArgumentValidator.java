package dev.hermes.tools;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.hermes.util.Json;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * Parses a tool call's argument text and checks it against the subset of JSON Schema our tools
 * use: an object with {@code properties} (each with a {@code type} and perhaps an {@code enum}),
 * {@code required}, and {@code additionalProperties: false}. Every problem found is reported at
 * once, so the model can fix them in one retry.
 */
final class ArgumentValidator {

    private ArgumentValidator() {
    }

    /** Parses and checks; returns the argument object. An empty text means no arguments. */
    static JsonNode parse(String toolName, JsonNode schema, String argumentsJson) throws ToolException {
        JsonNode args;
        if (argumentsJson.isBlank()) {
            args = JsonNodeFactory.instance.objectNode();
        } else {
            try {
                args = Json.MAPPER.readTree(argumentsJson);
            } catch (JsonProcessingException e) {
                throw new ToolException("arguments for " + toolName + " are not valid JSON: " + e.getOriginalMessage()
                        + " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr()
                        + "); nothing was executed");
            }
        }
        if (args == null || !args.isObject()) {
            throw new ToolException("arguments for " + toolName + " must be a JSON object; nothing was executed");
        }
        List<String> problems = problems(schema, args);
        if (!problems.isEmpty()) {
            throw new ToolException("invalid arguments for " + toolName + ": " + String.join("; ", problems)
                    + "; nothing was executed");
        }
        return args;
    }

    private static List<String> problems(JsonNode schema, JsonNode args) {
        List<String> problems = new ArrayList<>();
        JsonNode properties = schema.path("properties");
        for (JsonNode required : schema.path("required")) {
            JsonNode value = args.get(required.asText());
            if (value == null || value.isNull()) problems.add("missing required argument '" + required.asText() + "'");
        }
        boolean closed = schema.path("additionalProperties").isBoolean() && !schema.path("additionalProperties").asBoolean();
        for (Iterator<String> names = args.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            JsonNode value = args.get(name);
            JsonNode property = properties.get(name);
            if (property == null) {
                if (closed) problems.add("unknown argument '" + name + "' (accepted: " + accepted(properties) + ")");
                continue;
            }
            if (value.isNull()) continue;
            String type = property.path("type").asText("");
            if (!hasType(value, type)) {
                problems.add("argument '" + name + "' must be " + article(type) + ", got " + describe(value));
                continue;
            }
            JsonNode allowed = property.get("enum");
            if (allowed != null && !contains(allowed, value)) {
                problems.add("argument '" + name + "' must be one of " + allowed + ", got " + value);
            }
        }
        return problems;
    }

    private static boolean hasType(JsonNode value, String type) {
        return switch (type) {
            case "string" -> value.isTextual();
            case "integer" -> value.isIntegralNumber() || (value.isNumber() && value.canConvertToExactIntegral());
            case "number" -> value.isNumber();
            case "boolean" -> value.isBoolean();
            case "object" -> value.isObject();
            case "array" -> value.isArray();
            default -> true;
        };
    }

    private static boolean contains(JsonNode allowed, JsonNode value) {
        for (JsonNode option : allowed) if (option.equals(value)) return true;
        return false;
    }

    private static String accepted(JsonNode properties) {
        List<String> names = new ArrayList<>();
        properties.fieldNames().forEachRemaining(names::add);
        return String.join(", ", names);
    }

    private static String article(String type) {
        return type.equals("integer") || type.equals("object") || type.equals("array") ? "an " + type : "a " + type;
    }

    private static String describe(JsonNode value) {
        String kind = value.isTextual() ? "string" : value.isNumber() ? "number" : value.isBoolean() ? "boolean"
                : value.isArray() ? "array" : "object";
        String text = value.toString();
        return kind + " " + (text.length() > 40 ? text.substring(0, 40) + "..." : text);
    }
}

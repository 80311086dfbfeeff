package dev.hermes.tools;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Typed access to arguments that {@link ArgumentValidator} has already checked. A JSON null
 * counts as absent, because models often send null for optional parameters.
 */
final class Args {

    private Args() {
    }

    static String string(JsonNode args, String name) throws ToolException {
        JsonNode node = args.get(name);
        if (node == null || node.isNull()) throw new ToolException("missing required argument '" + name + "'");
        return node.asText();
    }

    static String string(JsonNode args, String name, String fallback) {
        JsonNode node = args.get(name);
        return node == null || node.isNull() ? fallback : node.asText();
    }

    static boolean has(JsonNode args, String name) {
        JsonNode node = args.get(name);
        return node != null && !node.isNull();
    }

    static long integer(JsonNode args, String name, long fallback, long min, long max) throws ToolException {
        JsonNode node = args.get(name);
        if (node == null || node.isNull()) return fallback;
        long value = node.asLong();
        if (value < min || value > max) {
            throw new ToolException("argument '" + name + "' is " + value + "; it must be between " + min + " and " + max);
        }
        return value;
    }

    static double number(JsonNode args, String name, double fallback) {
        JsonNode node = args.get(name);
        return node == null || node.isNull() ? fallback : node.asDouble();
    }

    static boolean bool(JsonNode args, String name, boolean fallback) {
        JsonNode node = args.get(name);
        return node == null || node.isNull() ? fallback : node.asBoolean();
    }
}

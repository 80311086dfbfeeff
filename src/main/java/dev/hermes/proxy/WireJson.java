package dev.hermes.proxy;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.databind.JsonNode;

/** Reading the parts both wires share, with errors that name the field; writing a streamed delta's text. */
final class WireJson {

    private WireJson() {
    }

    static String requiredText(JsonNode node, String field) {
        return requiredText(node, field, null);
    }

    static String requiredText(JsonNode node, String field, String where) {
        JsonNode v = node == null ? null : node.get(field);
        String name = where == null ? field : where + "." + field;
        if (v == null || v.isNull()) throw new BadRequestException(name + ": required");
        if (!v.isTextual()) throw new BadRequestException(name + ": must be a string");
        return v.asText();
    }

    /** Content given as a string or as an array of {@code {type: text, text}} parts, joined. */
    static String joinedText(JsonNode content, String where) {
        if (content == null || content.isNull()) return "";
        if (content.isTextual()) return content.asText();
        if (!content.isArray()) throw new BadRequestException(where + ": must be a string or an array of parts");
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < content.size(); i++) {
            JsonNode part = content.get(i);
            String type = part.path("type").asText("");
            if (!type.equals("text")) {
                throw new BadRequestException(where + "[" + i + "]: only text parts are supported, not '" + type + "'");
            }
            b.append(part.path("text").asText(""));
        }
        return b.toString();
    }

    /** A tool's JSON Schema as text; an absent schema means "no parameters". */
    static String schema(JsonNode schema) {
        return schema == null || schema.isNull() ? "{\"type\":\"object\",\"properties\":{}}" : schema.toString();
    }

    /**
     * Appends {@code value} as a JSON string, quotes included. The streamed deltas are written
     * with it around a fixed frame instead of as a tree per delta: it is the path every streamed
     * token takes (docs/benchmarks.md, "hermes proxy").
     */
    static StringBuilder appendString(StringBuilder b, String value) {
        b.append('"');
        JsonStringEncoder.getInstance().quoteAsString(value, b);
        return b.append('"');
    }
}

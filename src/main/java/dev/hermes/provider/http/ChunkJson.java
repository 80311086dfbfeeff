package dev.hermes.provider.http;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import dev.hermes.stream.MalformedStreamException;
import dev.hermes.util.Json;

import java.io.IOException;

/**
 * Reads the known shapes of streamed chunks with Jackson's streaming parser instead of building a
 * tree per chunk (a tree cost about a seventh of the client's CPU per delta; docs/benchmarks.md,
 * "Side by side with the peers"). Values convert as {@link JsonNode}'s accessors do, so a decoder
 * written here reads odd inputs the way the tree code did: a text field of another type is
 * absent, a number may come as a string, unknown fields are skipped.
 *
 * <p>A decoder reads one object field by field: after {@link #field} returns a name, the parser
 * stands on that field's value, which the decoder reads with one of the value methods here or
 * passes over with {@link #skip}.
 */
public final class ChunkJson {

    private ChunkJson() {
    }

    /**
     * A parser on one SSE data payload, standing on the root object's start.
     *
     * @throws IOException when the payload does not start with an object; pass it to {@link #malformed}
     */
    public static JsonParser open(String data) throws IOException {
        JsonParser p = Json.FACTORY.createParser(data);
        if (p.nextToken() != JsonToken.START_OBJECT) throw new JsonParseException(p, "not a JSON object");
        return p;
    }

    /**
     * The error for a payload a decoder could not read: worded as the tree decoders worded it
     * (not valid JSON, not a JSON object), with an excerpt.
     */
    public static MalformedStreamException malformed(String data, String wire, IOException cause) {
        try {
            RawJson.parsePayload(data, wire);
        } catch (MalformedStreamException e) {
            return e;
        }
        return new MalformedStreamException(wire + " stream sent a data payload that could not be read: "
                + ApiErrors.cut(data, 300), ApiErrors.cut(data, 300), cause);
    }

    /** A parser over a parsed tree (a whole response), standing on its start, as {@link #open} does. */
    public static JsonParser open(JsonNode object) throws IOException {
        JsonParser p = object.traverse();
        p.nextToken();
        return p;
    }

    /** The next field name of the current object, with the parser on its value; null at the object's end. */
    public static String field(JsonParser p) throws IOException {
        if (p.nextToken() != JsonToken.FIELD_NAME) return null;
        String name = p.currentName();
        p.nextToken();
        return name;
    }

    /** Passes over the current value, however deep. */
    public static void skip(JsonParser p) throws IOException {
        p.skipChildren();
    }

    /** True (and nothing consumed) when the current value is an object to read; else passes over it. */
    public static boolean isObject(JsonParser p) throws IOException {
        if (p.currentToken() == JsonToken.START_OBJECT) return true;
        p.skipChildren();
        return false;
    }

    /** A string value, or null for any other type (as {@code textOrNull} of a tree node). */
    public static String text(JsonParser p) throws IOException {
        if (p.currentToken() == JsonToken.VALUE_STRING) return p.getText();
        p.skipChildren();
        return null;
    }

    /** Any scalar as text (a number's digits), {@code absent} for null, objects and arrays ({@code JsonNode.asText(absent)}). */
    public static String asText(JsonParser p, String absent) throws IOException {
        return scalar(p) ? p.getValueAsString(absent) : absent;
    }

    /** {@code JsonNode.asInt()}: numbers, numeric strings, booleans; 0 for anything else. */
    public static int asInt(JsonParser p) throws IOException {
        return scalar(p) ? p.getValueAsInt(0) : 0;
    }

    /** {@code JsonNode.asLong(0)}: numbers, numeric strings, booleans; 0 for anything else. */
    public static long asLong(JsonParser p) throws IOException {
        return scalar(p) ? p.getValueAsLong(0) : 0;
    }

    /** True for a scalar (the parser stays on it); an object or array is passed over, reading as absent. */
    private static boolean scalar(JsonParser p) throws IOException {
        JsonToken t = p.currentToken();
        if (t != JsonToken.START_OBJECT && t != JsonToken.START_ARRAY) return true;
        p.skipChildren();
        return false;
    }

    /** True when the value is JSON null (the parser stays on it). */
    public static boolean isNull(JsonParser p) {
        return p.currentToken() == JsonToken.VALUE_NULL;
    }

    /** True when the current value is an array (the parser stays on its start); else passes over it. */
    public static boolean isArray(JsonParser p) throws IOException {
        if (p.currentToken() == JsonToken.START_ARRAY) return true;
        p.skipChildren();
        return false;
    }

    /** Moves to the next element of the current array: false at the array's end. */
    public static boolean element(JsonParser p) throws IOException {
        return p.nextToken() != JsonToken.END_ARRAY;
    }
}

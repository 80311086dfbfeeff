package dev.hermes.provider.http;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.hermes.stream.MalformedStreamException;
import dev.hermes.util.Json;
import dev.hermes.util.JsonText;

import java.io.IOException;

/** JSON text passed through wire formats verbatim, checked so a request body is never broken. */
public final class RawJson {

    private static final int EXCERPT_CHARS = 300;
    /** Resolved once: {@code ObjectMapper.readTree} looks up the tree type and its deserializer on every call. */
    private static final ObjectReader TREE = Json.MAPPER.readerFor(JsonNode.class);

    private RawJson() {
    }

    /**
     * Writes {@code json} as the value of {@code field} without re-serializing it.
     *
     * @param what names the value in the error, e.g. "tool 'read_file' parameters schema"
     * @throws IllegalArgumentException when {@code json} is not one JSON object
     */
    public static void writeObjectField(JsonGenerator g, String field, String json, String what) throws IOException {
        if (!JsonText.isObject(json)) {
            throw new IllegalArgumentException(what + " is not a JSON object: " + ApiErrors.cut(json, EXCERPT_CHARS));
        }
        g.writeFieldName(field);
        g.writeRawValue(json.strip());
    }

    /**
     * Parses one SSE data payload as a JSON object.
     *
     * @throws MalformedStreamException with an excerpt when it is not one
     */
    public static JsonNode parsePayload(String data, String wire) throws MalformedStreamException {
        JsonNode node;
        try {
            node = TREE.readTree(data);
        } catch (IOException e) {
            throw new MalformedStreamException(wire + " stream sent a data payload that is not valid JSON: "
                    + ApiErrors.cut(data, EXCERPT_CHARS), ApiErrors.cut(data, EXCERPT_CHARS), e);
        }
        if (node == null || !node.isObject()) {
            throw new MalformedStreamException(wire + " stream sent a data payload that is not a JSON object: "
                    + ApiErrors.cut(data, EXCERPT_CHARS), ApiErrors.cut(data, EXCERPT_CHARS), null);
        }
        return node;
    }
}

package dev.hermes.util;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;

import java.io.IOException;

/** Checks on JSON held as text, without building trees the caller does not need. */
public final class JsonText {

    private JsonText() {
    }

    /** True when {@code text} is exactly one complete JSON object (surrounding whitespace allowed). */
    public static boolean isObject(String text) {
        try (JsonParser parser = Json.FACTORY.createParser(text)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) return false;
            parser.skipChildren();
            return parser.nextToken() == null;
        } catch (JsonProcessingException e) {
            return false;
        } catch (IOException e) {
            throw new IllegalStateException("reading a String cannot fail", e);
        }
    }
}

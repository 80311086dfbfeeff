package dev.hermes.util;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.JsonRecyclerPools;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

/** The one shared, configured Jackson mapper. Thread-safe once built. */
public final class Json {

    /**
     * Parse and write buffers are borrowed from one process-wide pool instead of Jackson's default
     * thread-local one: every stream reads on a virtual thread of its own, and a thread-local pool
     * leaves each of them holding its own set of buffers (about 25 KiB of char and byte arrays per
     * open stream, docs/benchmarks.md, "hermes proxy"). The bound caps what idle times keep.
     */
    public static final JsonFactory FACTORY = JsonFactory.builder()
            .recyclerPool(JsonRecyclerPools.newBoundedPool(256))
            .build();

    public static final ObjectMapper MAPPER = JsonMapper.builder(FACTORY)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    /**
     * The node as compact JSON. Use it rather than {@code JsonNode.toString()} on a path every
     * stream takes: that one writes through Jackson's internal mapper, whose thread-local buffers
     * stay with each virtual thread that used them.
     */
    public static String text(JsonNode node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree that cannot be written: " + e.getOriginalMessage(), e);
        }
    }

    private Json() {
    }
}

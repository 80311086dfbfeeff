package dev.hermes.util;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.util.JsonRecyclerPools;
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

    private Json() {
    }
}

package dev.hermes.testing;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One HTTP request as a {@link LoopbackServer} received it.
 *
 * @param headers header names lower-cased; a name sent twice keeps every value in order
 */
public record RecordedRequest(String method, String target, Map<String, List<String>> headers, String body) {

    /** The first value of a header (name case-insensitive), or null when it was not sent. */
    public String header(String name) {
        List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    /** Request path without the query string. */
    public String path() {
        int q = target.indexOf('?');
        return q < 0 ? target : target.substring(0, q);
    }
}

package dev.hermes.proxy;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.hermes.util.Json;

import java.io.IOException;
import java.io.PrintStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Instant;

/**
 * One JSON line per request: who, what, which route answered, how it went, how long it took.
 *
 * <p>Streamed straight out with a generator from the shared factory, not built as a tree: this
 * runs once per request, and a tree's {@code toString()} writes through Jackson's internal mapper,
 * whose buffers are thread-local, so every request (each on a fresh virtual thread) allocated a
 * set of its own.
 */
final class AccessLog {

    private final PrintStream out;

    AccessLog(PrintStream out) {
        this.out = out;
    }

    /**
     * @param key      the client key's name ("-" when no keys are configured, null when rejected before auth)
     * @param route    the route that answered, or null
     * @param outcome  "answered", or what ended the request ("unauthorized", "client_gone", a failure reason...)
     */
    void write(String id, String key, String wire, String model, String route, int attempts, int status, String outcome,
               boolean stream, long ttftNanos, long totalNanos) {
        StringWriter line = new StringWriter(256);
        try (JsonGenerator g = Json.FACTORY.createGenerator(line)) {
            g.writeStartObject();
            g.writeStringField("ts", Instant.now().toString());
            g.writeStringField("id", id);
            g.writeStringField("key", key);
            g.writeStringField("wire", wire);
            g.writeStringField("model", model);
            g.writeStringField("route", route);
            g.writeNumberField("attempts", attempts);
            g.writeNumberField("status", status);
            g.writeStringField("outcome", outcome);
            g.writeBooleanField("stream", stream);
            if (ttftNanos >= 0) g.writeNumberField("ttft_ms", ttftNanos / 1_000_000.0);
            g.writeNumberField("total_ms", totalNanos / 1_000_000.0);
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("writing an access-log line to memory", e); // a StringWriter does not fail
        }
        synchronized (out) {
            out.println(line);
            out.flush();
        }
    }
}

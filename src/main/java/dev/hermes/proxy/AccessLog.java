package dev.hermes.proxy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hermes.util.Json;

import java.io.PrintStream;
import java.time.Instant;

/** One JSON line per request: who, what, which route answered, how it went, how long it took. */
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
        ObjectNode n = Json.MAPPER.createObjectNode();
        n.put("ts", Instant.now().toString());
        n.put("id", id);
        n.put("key", key);
        n.put("wire", wire);
        n.put("model", model);
        n.put("route", route);
        n.put("attempts", attempts);
        n.put("status", status);
        n.put("outcome", outcome);
        n.put("stream", stream);
        if (ttftNanos >= 0) n.put("ttft_ms", ttftNanos / 1_000_000.0);
        n.put("total_ms", totalNanos / 1_000_000.0);
        String line = n.toString();
        synchronized (out) {
            out.println(line);
            out.flush();
        }
    }
}

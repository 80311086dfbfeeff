package dev.hermes.sim;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Per-model-name state for the faults that change over time ({@code rate-limit-once},
 * {@code error-500-once}, {@code down}, and any fault limited by {@code times=N}). Keyed by the full model name, so {@code down:ms=100} and
 * {@code down:ms=200} are independent. Thread-safe; cleared by {@code POST /_sim/reset}.
 */
final class ModelState {

    private final Map<String, Boolean> fired = new ConcurrentHashMap<>();
    private final Map<String, Long> firstSeen = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> requests = new ConcurrentHashMap<>();

    /** Counts a request for this model name and returns its number, 1 for the first. */
    long nextRequest(String model) {
        return requests.computeIfAbsent(model, m -> new AtomicLong()).incrementAndGet();
    }

    /** True exactly once per model name (atomically, under concurrent requests). */
    boolean firstTime(String model) {
        return fired.putIfAbsent(model, Boolean.TRUE) == null;
    }

    /** The time of the first request for this model name, recording {@code nowNanos} if none yet. */
    long firstSeenNanos(String model, long nowNanos) {
        return firstSeen.computeIfAbsent(model, m -> nowNanos);
    }

    void clear() {
        fired.clear();
        firstSeen.clear();
        requests.clear();
    }
}

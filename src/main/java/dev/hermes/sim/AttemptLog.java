package dev.hermes.sim;

import java.util.ArrayList;
import java.util.List;

/**
 * The request log. An attempt is logged when its request has been read and its outcome is filled
 * in as the simulator acts, so a stalled call shows "stalled ..." while the socket is still open.
 * Thread-safe.
 */
final class AttemptLog {

    /** A live log entry; only its outcome and fault change after creation. */
    final class Entry {
        private SimAttempt value;

        private Entry(SimAttempt value) {
            this.value = value;
        }

        void outcome(String outcome) {
            synchronized (AttemptLog.this) {
                SimAttempt v = value;
                value = new SimAttempt(v.seq(), v.timeMs(), v.method(), v.path(), v.wire(), v.model(), v.fault(),
                        v.stream(), v.prefill(), v.messages(), outcome, v.authKinds(), v.maxTokens());
            }
        }

        void fault(String fault) {
            synchronized (AttemptLog.this) {
                SimAttempt v = value;
                value = new SimAttempt(v.seq(), v.timeMs(), v.method(), v.path(), v.wire(), v.model(), fault,
                        v.stream(), v.prefill(), v.messages(), v.outcome(), v.authKinds(), v.maxTokens());
            }
        }

        long seq() {
            synchronized (AttemptLog.this) {
                return value.seq();
            }
        }
    }

    private final List<Entry> entries = new ArrayList<>();

    /** Appends an attempt (its {@code seq} is assigned here) and returns its live entry. */
    synchronized Entry add(long timeMs, String method, String path, String wire, String model, String fault,
                           boolean stream, boolean prefill, int messages, List<String> authKinds, Integer maxTokens) {
        Entry e = new Entry(new SimAttempt(entries.size() + 1, timeMs, method, path, wire, model, fault, stream,
                prefill, messages, "in progress", authKinds, maxTokens));
        entries.add(e);
        return e;
    }

    synchronized List<SimAttempt> snapshot() {
        return entries.stream().map(e -> e.value).toList();
    }

    synchronized void clear() {
        entries.clear();
    }
}

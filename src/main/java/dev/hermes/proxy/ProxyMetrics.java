package dev.hermes.proxy;

import dev.hermes.failover.AttemptRecord;
import dev.hermes.failover.CallEvent;
import dev.hermes.failover.CallListener;
import dev.hermes.failover.Reason;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * The proxy's Prometheus metrics. Labels are route ("provider/model"), wire, status and reason:
 * never a key, never a client's content.
 */
final class ProxyMetrics {

    private static final double[] BUCKETS = {0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300};

    private final Map<String, LongAdder> counters = new ConcurrentHashMap<>();
    private final Histogram ttft = new Histogram();
    private final Histogram total = new Histogram();
    private final AtomicLong inFlight = new AtomicLong();

    void requestStarted() {
        inFlight.incrementAndGet();
    }

    /**
     * The listener of one request's call: counts each entry of its attempt list (attempts, stalls,
     * and a failover whenever the route changes from one entry to the next) as the call announces it.
     */
    CallListener attempts() {
        return new CallListener() {
            private String previous;

            @Override
            public void on(CallEvent event) {
                AttemptRecord a = event.recorded();
                if (a == null) return;
                String outcome = a.reason() == null ? "answered" : a.reason().id();
                count("hermes_proxy_attempts_total{route=\"" + a.route() + "\",outcome=\"" + outcome + "\"}");
                if (a.reason() == Reason.STALL) count("hermes_proxy_stalls_total{route=\"" + a.route() + "\"}");
                if (previous != null && !previous.equals(a.route())) {
                    count("hermes_proxy_failovers_total{from=\"" + previous + "\",to=\"" + a.route() + "\"}");
                }
                previous = a.route();
            }
        };
    }

    /**
     * One finished request (its attempts were counted as they happened, by {@link #attempts()}).
     *
     * @param route       the route that answered, or "none"
     * @param continued   a stream broken after text was sent was continued on another attempt
     * @param ttftNanos   time to first token, or -1
     */
    void requestFinished(String wire, String route, int status, boolean continued, long ttftNanos, long totalNanos) {
        inFlight.decrementAndGet();
        count("hermes_proxy_requests_total{route=\"" + route + "\",wire=\"" + wire + "\",status=\"" + status + "\"}");
        if (continued) count("hermes_proxy_continuations_total{route=\"" + route + "\"}");
        if (ttftNanos >= 0) ttft.observe(ttftNanos / 1e9);
        total.observe(totalNanos / 1e9);
    }

    void rejected(String wire, int status) {
        count("hermes_proxy_requests_total{route=\"none\",wire=\"" + wire + "\",status=\"" + status + "\"}");
    }

    private void count(String series) {
        counters.computeIfAbsent(series, s -> new LongAdder()).increment();
    }

    /** The Prometheus text exposition. */
    String render() {
        StringBuilder b = new StringBuilder(4096);
        Map<String, Long> sorted = new TreeMap<>();
        counters.forEach((k, v) -> sorted.put(k, v.sum()));
        String family = null;
        for (Map.Entry<String, Long> e : sorted.entrySet()) {
            String name = e.getKey().substring(0, e.getKey().indexOf('{'));
            if (!name.equals(family)) {
                b.append("# TYPE ").append(name).append(" counter\n");
                family = name;
            }
            b.append(e.getKey()).append(' ').append(e.getValue()).append('\n');
        }
        b.append("# TYPE hermes_proxy_in_flight gauge\nhermes_proxy_in_flight ").append(inFlight.get()).append('\n');
        ttft.render(b, "hermes_proxy_time_to_first_token_seconds");
        total.render(b, "hermes_proxy_request_duration_seconds");
        return b.toString();
    }

    private static final class Histogram {
        private final AtomicLongArray counts = new AtomicLongArray(BUCKETS.length + 1);
        private final LongAdder sumMicros = new LongAdder();

        void observe(double seconds) {
            int i = 0;
            while (i < BUCKETS.length && seconds > BUCKETS[i]) i++;
            counts.incrementAndGet(i);
            sumMicros.add((long) (seconds * 1e6));
        }

        void render(StringBuilder b, String name) {
            b.append("# TYPE ").append(name).append(" histogram\n");
            long cumulative = 0;
            for (int i = 0; i < BUCKETS.length; i++) {
                cumulative += counts.get(i);
                b.append(name).append("_bucket{le=\"").append(BUCKETS[i]).append("\"} ").append(cumulative).append('\n');
            }
            cumulative += counts.get(BUCKETS.length);
            b.append(name).append("_bucket{le=\"+Inf\"} ").append(cumulative).append('\n');
            b.append(name).append("_sum ").append(sumMicros.sum() / 1e6).append('\n');
            b.append(name).append("_count ").append(cumulative).append('\n');
        }
    }
}

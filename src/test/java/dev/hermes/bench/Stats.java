package dev.hermes.bench;

import java.util.Arrays;

/** Order statistics of a sample of durations in nanoseconds, printed in milliseconds. */
record Stats(long[] sorted) {

    Stats {
        if (sorted.length == 0) throw new IllegalArgumentException("no samples");
    }

    static Stats of(long[] nanos) {
        long[] s = nanos.clone();
        Arrays.sort(s);
        return new Stats(s);
    }

    int count() {
        return sorted.length;
    }

    /** Nearest-rank percentile, {@code p} in 0..100. */
    long percentile(double p) {
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    long min() {
        return sorted[0];
    }

    long max() {
        return sorted[sorted.length - 1];
    }

    double meanMs() {
        return Arrays.stream(sorted).average().orElse(0) / 1e6;
    }

    static String ms(long nanos) {
        double ms = nanos / 1e6;
        return Math.abs(ms) >= 100 ? String.format("%.0f", ms) : String.format("%.1f", ms);
    }

    /** Cells for a table row: n, min, p50, p90, p99, max (milliseconds). */
    String[] cells() {
        return new String[] {Integer.toString(count()), ms(min()), ms(percentile(50)), ms(percentile(90)),
                ms(percentile(99)), ms(max())};
    }

    static final String[] HEADERS = {"n", "min ms", "p50 ms", "p90 ms", "p99 ms", "max ms"};

    /** The median of some per-round figures. */
    static double median(java.util.List<Double> xs) {
        java.util.List<Double> s = new java.util.ArrayList<>(xs);
        s.sort(null);
        return s.get(s.size() / 2);
    }

    static double min(java.util.List<Double> xs) {
        return xs.stream().mapToDouble(Double::doubleValue).min().orElse(0);
    }

    static double max(java.util.List<Double> xs) {
        return xs.stream().mapToDouble(Double::doubleValue).max().orElse(0);
    }
}

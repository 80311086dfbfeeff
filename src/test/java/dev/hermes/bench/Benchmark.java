package dev.hermes.bench;

/**
 * One benchmark run by {@link BenchMain}: measures, prints its results as it goes, and returns
 * them as a section of docs/benchmarks.md. Benchmarks are never part of the test run: speed and
 * memory targets are measured here, not asserted in unit tests.
 */
interface Benchmark {

    /** Short name for {@code bin/bench NAME}, also the section's marker in the doc. */
    String name();

    /** The section heading. */
    String title();

    /** Runs the benchmark, writing what it measured to {@code report}. */
    void run(BenchEnv env, Report report) throws Exception;
}

package dev.hermes.bench;

import java.nio.file.Path;

/**
 * Where a benchmark runs: the project root (for {@code bin/hermes} and the built jar) and how to
 * start a child JVM on the benchmark class path.
 *
 * @param root      the project root
 * @param java      the {@code java} binary of the running JDK
 * @param classPath the running class path (test classes, classes, every dependency)
 */
record BenchEnv(Path root, Path java, String classPath) {

    static BenchEnv current() {
        Path root = Path.of(System.getProperty("hermes.root", ".")).toAbsolutePath().normalize();
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        return new BenchEnv(root, java, System.getProperty("java.class.path"));
    }
}

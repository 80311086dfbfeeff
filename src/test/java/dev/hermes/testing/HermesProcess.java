package dev.hermes.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs the real {@code bin/hermes} launcher as a child process, as a user would, for the
 * integration tests ({@code *IT}, run by Failsafe after the jar is packaged). The environment is
 * exactly what the test gives plus PATH and JAVA_HOME: nothing of the developer's own.
 */
public final class HermesProcess {

    /** The project root, set by Failsafe; the current directory when run from an IDE at the root. */
    public static Path root() {
        return Path.of(System.getProperty("hermes.root", "")).toAbsolutePath();
    }

    public static Path launcher() {
        return root().resolve("bin/hermes");
    }

    /** What a finished run left: exit code and both streams. */
    public record Result(int exit, String out, String err) {
    }

    /** Starts {@code bin/hermes args...} in {@code dir} with {@code env}; the caller waits or kills. */
    public static Process start(Path dir, Map<String, String> env, Path stdout, Path stderr, String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(launcher().toString());
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile())
                .redirectOutput(stdout.toFile()).redirectError(stderr.toFile());
        pb.environment().clear();
        pb.environment().put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
        String javaHome = System.getProperty("java.home");
        pb.environment().put("JAVA_HOME", javaHome);
        pb.environment().putAll(env);
        return pb.start();
    }

    /** Runs to completion (or kills it at {@code timeout} and fails). */
    public static Result run(Path dir, Map<String, String> env, Duration timeout, String... args) throws Exception {
        Path out = Files.createTempFile("hermes-out", ".txt");
        Path err = Files.createTempFile("hermes-err", ".txt");
        try {
            Process p = start(dir, env, out, err, args);
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                throw new AssertionError("bin/hermes " + String.join(" ", args) + " did not end within " + timeout
                        + "; stderr:\n" + Files.readString(err, StandardCharsets.UTF_8));
            }
            return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    private HermesProcess() {
    }
}

package dev.hermes.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code hermes sim} in a JVM of its own, so the CPU a benchmark reads for this process is the
 * client's alone. Closing it stops the child.
 */
final class SimProcess implements AutoCloseable {

    private final Process child;
    private final int port;

    private SimProcess(Process child, int port) {
        this.child = child;
        this.port = port;
    }

    static SimProcess start(BenchEnv env) throws IOException {
        Process child = new ProcessBuilder(env.java().toString(), "-XX:+UseSerialGC", "-cp", env.classPath(),
                "dev.hermes.cli.Main", "sim", "--port", "0").redirectErrorStream(true).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
        String line = out.readLine();
        Matcher m = Pattern.compile("listening on 127\\.0\\.0\\.1:(\\d+)").matcher(line == null ? "" : line);
        if (!m.find()) {
            child.destroyForcibly();
            throw new IllegalStateException("hermes sim did not start: " + line);
        }
        Thread.ofVirtual().start(() -> out.lines().forEach(l -> { })); // keep its pipe drained
        Runtime.getRuntime().addShutdownHook(new Thread(child::destroyForcibly)); // also when the bench is killed
        return new SimProcess(child, Integer.parseInt(m.group(1)));
    }

    /** The chat-completions base URL, {@code http://127.0.0.1:PORT/v1}. */
    URI chatCompletionsBaseUrl() {
        return URI.create("http://127.0.0.1:" + port + "/v1");
    }

    /** The Anthropic Messages base URL, {@code http://127.0.0.1:PORT}. */
    URI anthropicBaseUrl() {
        return URI.create("http://127.0.0.1:" + port);
    }

    @Override
    public void close() throws InterruptedException {
        child.destroy();
        if (!child.waitFor(10, TimeUnit.SECONDS)) child.destroyForcibly();
    }
}

package dev.hermes.bench;

import okhttp3.ConnectionPool;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The proxy benchmark's load generator and child processes. Requests go the way an SDK sends
 * them: OkHttp (what openai-java and anthropic-java use) with keep-alive connections, one
 * chat-completions call at a time per worker.
 */
final class ProxyLoad implements AutoCloseable {

    private static final MediaType JSON = MediaType.get("application/json");
    /** A text delta that carries text (the proxy's opening delta has an empty content). */
    private static final Pattern TEXT_DELTA = Pattern.compile("\"content\":\"[^\"]");

    private final OkHttpClient client = new OkHttpClient.Builder()
            .connectionPool(new ConnectionPool(1_000, 5, TimeUnit.MINUTES))
            .readTimeout(Duration.ofMinutes(1)).build();

    /**
     * What {@code c} workers measured for some time: one latency per request (the whole response
     * without streaming, the first text delta when streaming), and the text deltas received.
     */
    record Phase(long[] latencies, int requests, long deltas, double seconds, int failures) {
        double perSecond() {
            return requests / seconds;
        }
    }

    /** {@code c} workers each calling {@code model} at {@code baseUrl} back to back for {@code millis}. */
    Phase run(String baseUrl, String model, boolean stream, int c, long millis) throws InterruptedException {
        ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
        AtomicLong deltas = new AtomicLong();
        AtomicInteger failures = new AtomicInteger();
        long start = System.nanoTime();
        long end = start + TimeUnit.MILLISECONDS.toNanos(millis);
        try (var ex = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < c; i++) {
                ex.submit(() -> {
                    while (System.nanoTime() < end) {
                        try {
                            long[] r = call(baseUrl, model, stream);
                            latencies.add(r[0]);
                            deltas.addAndGet(r[1]);
                        } catch (IOException e) {
                            failures.incrementAndGet();
                        }
                    }
                    return null;
                });
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        if (failures.get() > 0) System.out.println("  (" + failures.get() + " failed requests to " + baseUrl + ")");
        return new Phase(latencies.stream().mapToLong(Long::longValue).toArray(), latencies.size(), deltas.get(), seconds,
                failures.get());
    }

    /** One call read to its end: {latency, text deltas}. */
    private long[] call(String baseUrl, String model, boolean stream) throws IOException {
        String body = "{\"model\":\"" + model + "\",\"stream\":" + stream
                + ",\"messages\":[{\"role\":\"user\",\"content\":\"Say something\"}]}";
        Request request = new Request.Builder().url(baseUrl + "/chat/completions").header("Authorization", "Bearer sk-bench")
                .post(RequestBody.create(body, JSON)).build();
        long start = System.nanoTime();
        try (Response r = client.newCall(request).execute()) {
            if (r.code() != 200) throw new IOException("status " + r.code());
            InputStream in = r.body().byteStream();
            if (!stream) {
                in.readAllBytes();
                return new long[] {System.nanoTime() - start, 0};
            }
            StringBuilder seen = new StringBuilder();
            long first = -1;
            byte[] buf = new byte[8192];
            for (int n; (n = in.read(buf)) > 0; ) {
                seen.append(new String(buf, 0, n, StandardCharsets.UTF_8));
                if (first < 0 && TEXT_DELTA.matcher(seen).find()) first = System.nanoTime() - start;
            }
            if (first < 0) throw new IOException("no text delta");
            long deltas = TEXT_DELTA.matcher(seen).results().count();
            return new long[] {first, deltas};
        }
    }

    /** Opens {@code n} streams of {@code model} through the proxy and waits for each one's first text delta. */
    static List<Socket> openStreams(int port, String model, int n) throws InterruptedException {
        List<Socket> open = Collections.synchronizedList(new ArrayList<>());
        Semaphore parallel = new Semaphore(200);
        String body = "{\"model\":\"" + model + "\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
        byte[] request = ("POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                + "Content-Length: " + body.length() + "\r\n\r\n" + body).getBytes(StandardCharsets.UTF_8);
        try (var ex = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < n; i++) {
                parallel.acquire();
                ex.submit(() -> {
                    try {
                        Socket s = new Socket("127.0.0.1", port);
                        s.getOutputStream().write(request);
                        InputStream in = s.getInputStream();
                        StringBuilder seen = new StringBuilder();
                        byte[] buf = new byte[4096];
                        while (!TEXT_DELTA.matcher(seen).find()) {
                            int k = in.read(buf);
                            if (k < 0) throw new IOException("stream ended: " + seen);
                            seen.append(new String(buf, 0, k, StandardCharsets.UTF_8));
                        }
                        open.add(s);
                    } catch (IOException e) {
                        System.out.println("  open failed: " + e.getMessage());
                    } finally {
                        parallel.release();
                    }
                    return null;
                });
            }
        }
        return new ArrayList<>(open);
    }

    /** Heap in use after a full GC, from {@code jcmd}. */
    static long heapUsed(BenchEnv env, long pid) throws Exception {
        jcmd(env, pid, "GC.run");
        Matcher m = Pattern.compile("used (\\d+)K").matcher(jcmd(env, pid, "GC.heap_info"));
        if (!m.find()) throw new IllegalStateException("no heap figure from jcmd for " + pid);
        return Long.parseLong(m.group(1)) * 1024;
    }

    static String jcmd(BenchEnv env, long pid, String command) throws Exception {
        Process p = new ProcessBuilder(env.java().resolveSibling("jcmd").toString(), Long.toString(pid), command)
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        return out;
    }

    @Override
    public void close() {
        client.connectionPool().evictAll();
    }

    /**
     * A {@code hermes} subcommand in its own JVM on the benchmark class path, its port read from
     * its output. {@code HERMES_BENCH_<COMMAND>_JVM} adds JVM options (say, a flight recording).
     */
    record Child(Process process, int port) implements AutoCloseable {
        static Child start(BenchEnv env, Path home, Pattern ready, String... args) throws Exception {
            return launch(env, home, ready, args[0], "dev.hermes.cli.Main", args);
        }

        /** Any main class on the benchmark class path; {@code name} picks its {@code HERMES_BENCH_<NAME>_JVM}. */
        static Child launch(BenchEnv env, Path home, Pattern ready, String name, String mainClass, String... args)
                throws Exception {
            List<String> cmd = new ArrayList<>(List.of(env.java().toString(), "-Xmx1g"));
            String extra = System.getenv("HERMES_BENCH_" + name.toUpperCase() + "_JVM");
            if (extra != null && !extra.isBlank()) cmd.addAll(List.of(extra.trim().split("\\s+")));
            cmd.addAll(List.of("-cp", env.classPath(), mainClass));
            cmd.addAll(List.of(args));
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
            pb.environment().put("HERMES_HOME", home.toString());
            Process p = pb.start();
            Runtime.getRuntime().addShutdownHook(new Thread(p::destroyForcibly)); // also when the bench is killed
            BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            for (String line; (line = out.readLine()) != null; ) {
                Matcher m = ready.matcher(line);
                if (m.find()) {
                    Thread.ofVirtual().start(() -> { // keep its pipe drained until it exits
                        try {
                            while (out.readLine() != null) Thread.onSpinWait();
                        } catch (IOException closed) {
                            // the process ended
                        }
                    });
                    return new Child(p, Integer.parseInt(m.group(1)));
                }
            }
            throw new IllegalStateException(name + " did not start");
        }

        /** CPU time the process used so far (every thread, GC and JIT included). */
        Duration cpu() {
            return process.toHandle().info().totalCpuDuration().orElseThrow();
        }

        @Override
        public void close() throws InterruptedException {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) process.destroyForcibly();
        }
    }
}

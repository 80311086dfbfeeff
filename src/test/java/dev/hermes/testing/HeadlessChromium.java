package dev.hermes.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hermes.util.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

/**
 * Debian's headless Chromium driven over the DevTools protocol with the JDK's WebSocket client:
 * a real browser, with nothing downloaded at run time (Playwright and Selenium Manager fetch
 * their own browsers, which this machine cannot). One page per instance.
 */
public final class HeadlessChromium implements AutoCloseable {

    private final Process process;
    private final Path profile;
    private final WebSocket socket;
    private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
    private final AtomicInteger ids = new AtomicInteger();

    /** The browser binary, or empty when Chromium is not installed (.ci/run installs it). */
    public static Optional<Path> binary() {
        for (String candidate : new String[] {"/usr/bin/chromium", "/usr/bin/chromium-browser"}) {
            if (Files.isExecutable(Path.of(candidate))) return Optional.of(Path.of(candidate));
        }
        return Optional.empty();
    }

    /** Skips the calling test when Chromium is missing, except with CI=true, where that is a failure. */
    public static void requireInstalled() {
        if (binary().isPresent()) return;
        String message = "chromium is not installed (apt-get install chromium; .ci/run does)";
        if ("true".equals(System.getenv("CI"))) org.junit.jupiter.api.Assertions.fail(message + "; CI=true, so browser tests must run");
        org.junit.jupiter.api.Assumptions.abort(message);
    }

    public HeadlessChromium(int width, int height) throws Exception {
        profile = Files.createTempDirectory("chromium-profile");
        // as root Chromium needs --no-sandbox; the background-networking flags keep it off a network it cannot reach
        process = new ProcessBuilder(binary().orElseThrow().toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--disable-extensions", "--user-data-dir=" + profile,
                "--window-size=" + width + "," + height, "--remote-debugging-port=0", "about:blank")
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        int port = devToolsPort();
        HttpClient http = HttpClient.newHttpClient();
        JsonNode targets = Json.MAPPER.readTree(http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                + "/json/list")).build(), HttpResponse.BodyHandlers.ofString()).body());
        String page = null;
        for (JsonNode t : targets) if (t.path("type").asText().equals("page")) page = t.path("webSocketDebuggerUrl").asText();
        if (page == null) throw new IllegalStateException("no page target in " + targets);
        socket = http.newWebSocketBuilder().buildAsync(URI.create(page), new Listener()).get(20, TimeUnit.SECONDS);
        call("Page.enable", Json.MAPPER.createObjectNode());
        call("Runtime.enable", Json.MAPPER.createObjectNode());
    }

    /** Loads {@code url} and waits for its load event's document to be ready. */
    public void navigate(String url) throws Exception {
        call("Page.navigate", Json.MAPPER.createObjectNode().put("url", url));
        await(() -> "complete".equals(evaluate("document.readyState").asText()), Duration.ofSeconds(20), "page load");
    }

    /** The value of a JavaScript expression in the page (promises awaited). */
    public JsonNode evaluate(String expression) {
        try {
            JsonNode r = call("Runtime.evaluate", Json.MAPPER.createObjectNode().put("expression", expression)
                    .put("returnByValue", true).put("awaitPromise", true));
            if (r.has("exceptionDetails")) throw new IllegalStateException("page threw: " + r.path("exceptionDetails"));
            return r.path("result").path("value");
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Waits until the condition holds, polling the page; fails naming {@code what} at the deadline. */
    public static void await(BooleanSupplier condition, Duration timeout, String what) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) throw new AssertionError("timed out after " + timeout + " waiting for " + what);
            Thread.sleep(50);
        }
    }

    /** A PNG of the page as it is shown. */
    public void screenshot(Path file) throws Exception {
        JsonNode r = call("Page.captureScreenshot", Json.MAPPER.createObjectNode().put("format", "png"));
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.write(file, Base64.getDecoder().decode(r.path("data").asText()));
    }

    public void clearCookies() throws Exception {
        call("Network.clearBrowserCookies", Json.MAPPER.createObjectNode());
    }

    private JsonNode call(String method, ObjectNode params) throws Exception {
        int id = ids.incrementAndGet();
        CompletableFuture<JsonNode> reply = new CompletableFuture<>();
        pending.put(id, reply);
        ObjectNode msg = Json.MAPPER.createObjectNode().put("id", id).put("method", method);
        msg.set("params", params);
        socket.sendText(msg.toString(), true).get(10, TimeUnit.SECONDS);
        JsonNode r = reply.get(30, TimeUnit.SECONDS);
        if (r.has("error")) throw new IllegalStateException(method + ": " + r.path("error"));
        return r.path("result");
    }

    private int devToolsPort() throws IOException {
        // Chromium prints "DevTools listening on ws://127.0.0.1:PORT/devtools/browser/..." on stderr
        BufferedReader err = new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8));
        for (String line; (line = err.readLine()) != null; ) {
            int at = line.indexOf("DevTools listening on ws://");
            if (at >= 0) {
                Thread.ofVirtual().start(() -> drain(err));
                String rest = line.substring(at + "DevTools listening on ws://".length());
                return Integer.parseInt(rest.substring(rest.indexOf(':') + 1, rest.indexOf('/')));
            }
        }
        throw new IOException("chromium exited before opening its DevTools port");
    }

    private static void drain(BufferedReader err) {
        try {
            while (err.readLine() != null) {
                // keep the pipe from filling up
            }
        } catch (IOException ignored) {
            // the browser is gone
        }
    }

    @Override
    public void close() throws IOException {
        try {
            socket.abort();
        } finally {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            try {
                process.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            try (var files = Files.walk(profile)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private final class Listener implements WebSocket.Listener {
        private final StringBuilder partial = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                try {
                    JsonNode msg = Json.MAPPER.readTree(partial.toString());
                    CompletableFuture<JsonNode> reply = msg.has("id") ? pending.remove(msg.path("id").asInt()) : null;
                    if (reply != null) reply.complete(msg);
                } catch (IOException e) {
                    // not a reply we wait for
                }
                partial.setLength(0);
            }
            webSocket.request(1);
            return null;
        }
    }
}

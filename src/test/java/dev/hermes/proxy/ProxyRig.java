package dev.hermes.proxy;

import dev.hermes.app.App;
import dev.hermes.config.Configuration;
import dev.hermes.config.Environment;
import dev.hermes.log.EventLog;
import dev.hermes.sim.SimServer;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * A proxy in this JVM over a real simulator: a temporary home whose config.yaml names a primary
 * and a fallback on the simulator, with short timers so faults resolve in well under a second.
 */
final class ProxyRig implements AutoCloseable {

    static final String SIM_KEY = "sk-sim-upstream-secret";
    static final HttpClient HTTP = HttpClient.newHttpClient();

    final SimServer sim;
    final ProxyServer proxy;
    final ByteArrayOutputStream access = new ByteArrayOutputStream();
    final Path home;

    /**
     * @param primaryWire   "chat_completions" or "anthropic_messages"
     * @param extraYaml     more config.yaml (a proxy section, say)
     * @param vars          extra environment variables (HERMES_PROXY_KEY, say)
     */
    ProxyRig(Path dir, String primary, String primaryWire, String fallback, String fallbackWire, String extraYaml,
             Map<String, String> vars) throws Exception {
        sim = SimServer.start();
        home = Files.createDirectories(dir.resolve(".hermes"));
        Files.writeString(home.resolve("config.yaml"), "model: {provider: custom, default: '" + primary + "', base_url: '"
                + url(primaryWire) + "', api_mode: " + primaryWire + ", key_env: SIM_KEY}\n"
                + "timeouts: {first_content_timeout_seconds: 2, content_idle_timeout_seconds: 0.4, deadline_seconds: 10}\n"
                + "agent: {retries: 0}\n"
                + "failover: {backoff_base_seconds: 0.02, backoff_cap_seconds: 0.05}\n"
                + (fallback == null ? "" : "fallback_providers:\n  - {provider: custom, model: '" + fallback + "', base_url: '"
                + url(fallbackWire) + "', api_mode: " + fallbackWire + ", key_env: SIM_KEY}\n")
                + extraYaml);
        Map<String, String> env = new HashMap<>(vars);
        env.put("SIM_KEY", SIM_KEY);
        Configuration configuration = Configuration.load(new Environment(env, dir), null);
        proxy = ProxyServer.start(App.withLog(configuration, EventLog.NONE), null, 0, new PrintStream(access, true, StandardCharsets.UTF_8));
    }

    private String url(String wire) {
        return (wire.equals("chat_completions") ? sim.chatCompletionsBaseUrl() : sim.anthropicBaseUrl()).toString();
    }

    String base() {
        return "http://127.0.0.1:" + proxy.port();
    }

    HttpResponse<String> post(String path, String body, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base() + path)).POST(HttpRequest.BodyPublishers.ofString(body))
                .header("content-type", "application/json");
        if (headers.length > 0) b.headers(headers);
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> get(String path, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base() + path));
        if (headers.length > 0) b.headers(headers);
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    String accessLog() {
        return access.toString(StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        proxy.close();
        sim.close();
    }
}

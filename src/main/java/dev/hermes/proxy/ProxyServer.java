package dev.hermes.proxy;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hermes.app.App;
import dev.hermes.config.Routes;
import dev.hermes.server.Exchange;
import dev.hermes.server.HttpServer;
import dev.hermes.server.Router;
import dev.hermes.util.Json;

import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@code hermes proxy}: the resilience core behind the OpenAI and Anthropic wire formats. See
 * docs/proxy.md.
 *
 * <p>Everything a reload may change sits in one immutable {@link State}; a request reads it once
 * and keeps it to the end, so SIGHUP swaps it without touching requests in flight. Breakers,
 * client pools and key pools are the process-wide ones, shared by every request.
 */
public final class ProxyServer implements AutoCloseable {

    /** What a (re)load produced; host and port are fixed at start. */
    record State(ProxyConfig config, ModelCatalog catalog, App app, Semaphore admission) {
    }

    private final AtomicReference<State> state;
    private final HttpServer http;
    private final ProxyMetrics metrics = new ProxyMetrics();
    private final ModelRequests requests;
    private final Set<Thread> active = ConcurrentHashMap.newKeySet();

    private ProxyServer(State initial, PrintStream accessLog) throws IOException {
        this.state = new AtomicReference<>(initial);
        this.requests = new ModelRequests(state::get, metrics, new AccessLog(accessLog), active);
        Router router = new Router()
                .post("/v1/chat/completions", ex -> requests.serve(ex, OpenAiWire.INSTANCE))
                .post("/v1/messages", ex -> requests.serve(ex, AnthropicWire.INSTANCE))
                .get("/v1/models", this::models)
                .get("/health", ex -> ex.respond(200, "application/json", "{\"status\":\"ok\"}"))
                .get("/metrics", ex -> ex.respond(200, "text/plain; version=0.0.4; charset=utf-8", metrics.render()));
        ProxyConfig c = initial.config();
        this.http = HttpServer.start(new HttpServer.Options(c.host(), c.port(), c.maxBodyBytes(), Duration.ofMinutes(10)), router);
    }

    /**
     * Loads the configuration and starts serving.
     *
     * @throws dev.hermes.config.ConfigException for a bad configuration, or an exposed bind without client keys
     */
    public static ProxyServer start(App app, String hostFlag, Integer portFlag, PrintStream accessLog) throws IOException {
        State s = load(app, hostFlag, portFlag);
        s.config().checkExposure();
        return new ProxyServer(s, accessLog);
    }

    private static State load(App app, String hostFlag, Integer portFlag) {
        ProxyConfig config = ProxyConfig.from(app.configuration(), hostFlag, portFlag);
        return new State(config, ModelCatalog.load(app.configuration()), app,
                new Semaphore(config.maxConcurrentRequests()));
    }

    /**
     * Re-reads keys, models, chains, limits and failover settings (not host and port). Requests in
     * flight finish on what they started with.
     *
     * @throws dev.hermes.config.ConfigException when the new configuration is bad; the old one stays
     */
    public void reload(App app) {
        State old = state.get();
        State fresh = load(app, old.config().host(), old.config().port());
        fresh.config().checkExposure();
        state.set(fresh);
    }

    public int port() {
        return http.port();
    }

    public String host() {
        return http.host();
    }

    /** The names GET /v1/models lists. */
    public java.util.List<String> models() {
        return state.get().catalog().names();
    }

    /**
     * Graceful stop: refuse new connections, let open requests finish within the configured drain
     * time, then end those still streaming with an error event in their wire format.
     *
     * @return true when everything finished within the drain time
     */
    public boolean shutdown() throws InterruptedException {
        return http.stop(state.get().config().drain(), () -> active.forEach(Thread::interrupt), Duration.ofSeconds(2));
    }

    @Override
    public void close() {
        http.close();
    }

    /** One list both SDKs read: OpenAI's {@code object/id/owned_by}, Anthropic's {@code type/display_name/has_more}. */
    private void models(Exchange ex) throws IOException {
        ClientWire wire = ex.header("anthropic-version") != null ? AnthropicWire.INSTANCE : OpenAiWire.INSTANCE;
        if (!requests.authorized(ex, wire)) return;
        ObjectNode root = Json.MAPPER.createObjectNode();
        root.put("object", "list");
        ArrayNode data = root.putArray("data");
        for (String name : state.get().catalog().names()) {
            Routes.Plan plan = state.get().catalog().plan(name).orElseThrow();
            data.addObject().put("id", name).put("object", "model").put("type", "model").put("display_name", name)
                    .put("created", 0).put("created_at", "1970-01-01T00:00:00Z")
                    .put("owned_by", plan.primary().endpoint().provider());
        }
        root.put("has_more", false);
        if (!data.isEmpty()) {
            root.put("first_id", data.get(0).get("id").asText());
            root.put("last_id", data.get(data.size() - 1).get("id").asText());
        }
        ex.respond(200, "application/json", root.toString());
    }
}

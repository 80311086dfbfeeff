package dev.hermes.bench;

import dev.hermes.server.Exchange;
import dev.hermes.server.HttpServer;
import dev.hermes.server.Router;
import dev.hermes.server.SseStream;
import okhttp3.ConnectionPool;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okio.BufferedSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * The floor under {@code hermes proxy}: the same parts (our Jetty layer, a handler on a virtual
 * thread, OkHttp upstream with the same pool) relaying a chat-completions call byte for byte,
 * with nothing of the proxy's own: no parsing or rewriting, no failover, watchdog, client-gone
 * watch, metrics or access log. What it adds is what those parts cost on this machine.
 *
 * <p>Usage: {@code BareRelayMain UPSTREAM_BASE_URL}; prints {@code listening on http://127.0.0.1:PORT}.
 */
public final class BareRelayMain {

    private static final MediaType JSON = MediaType.get("application/json");

    private BareRelayMain() {
    }

    public static void main(String[] args) throws Exception {
        String upstream = args[0];
        OkHttpClient client = new OkHttpClient.Builder()
                .connectionPool(new ConnectionPool(256, 5, TimeUnit.MINUTES)).build();
        Router router = new Router().post("/v1/chat/completions", ex -> relay(client, upstream, ex));
        HttpServer server = HttpServer.start(HttpServer.Options.loopback(0), router);
        System.out.println("listening on http://127.0.0.1:" + server.port());
        Thread.currentThread().join(); // until the benchmark ends the process
    }

    private static void relay(OkHttpClient client, String upstream, Exchange ex) throws IOException {
        byte[] body = ex.body();
        boolean stream = new String(body, StandardCharsets.UTF_8).contains("\"stream\":true");
        Request request = new Request.Builder().url(upstream + "/chat/completions")
                .header("Authorization", ex.header("Authorization")).post(RequestBody.create(body, JSON)).build();
        try (Response r = client.newCall(request).execute()) {
            if (!stream) {
                ex.respond(r.code(), "application/json", r.body().bytes());
                return;
            }
            SseStream sse = ex.sse();
            BufferedSource source = r.body().source();
            for (String line; (line = source.readUtf8Line()) != null; ) {
                if (line.startsWith("data: ")) sse.data(line.substring("data: ".length()));
            }
        }
    }
}

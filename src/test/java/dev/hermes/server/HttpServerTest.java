package dev.hermes.server;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.InputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class HttpServerTest {

    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    private static HttpServer start(Router router, long maxBody) throws Exception {
        return HttpServer.start(new HttpServer.Options("127.0.0.1", 0, maxBody, Duration.ofSeconds(30)), router);
    }

    private static HttpResponse<String> post(HttpServer s, String path, String body) throws Exception {
        return CLIENT.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + s.port() + path))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void routesEchoAndLimitsTheBody() throws Exception {
        Router router = new Router().post("/echo", ex -> {
            try {
                ex.respond(200, "text/plain", new String(ex.body(), StandardCharsets.UTF_8).toUpperCase());
            } catch (BodyTooLargeException e) {
                ex.respond(413, "text/plain", e.getMessage());
            }
        });
        try (HttpServer s = start(router, 10)) {
            assertThat(post(s, "/echo", "hello").body()).isEqualTo("HELLO");
            HttpResponse<String> big = post(s, "/echo", "x".repeat(11));
            assertThat(big.statusCode()).isEqualTo(413);
            assertThat(big.body()).contains("10 bytes");
            assertThat(post(s, "/nowhere", "").statusCode()).isEqualTo(404);
            assertThat(CLIENT.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + s.port() + "/echo")).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(405);
        }
    }

    @Test
    void streamsEventsAsTheyAreWritten() throws Exception {
        CountDownLatch firstSeen = new CountDownLatch(1);
        Router router = new Router().post("/sse", ex -> {
            SseStream sse = ex.sse();
            sse.event("greeting", "{\"a\":1}");
            firstSeen.await(10, TimeUnit.SECONDS); // the client must see event 1 before event 2 exists
            sse.data("two\nlines");
        });
        try (HttpServer s = start(router, 1000)) {
            HttpResponse<InputStream> r = CLIENT.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + s.port() + "/sse"))
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofInputStream());
            assertThat(r.headers().firstValue("content-type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/event-stream"));
            InputStream in = r.body();
            String first = new String(in.readNBytes("event: greeting\ndata: {\"a\":1}\n\n".length()), StandardCharsets.UTF_8);
            assertThat(first).isEqualTo("event: greeting\ndata: {\"a\":1}\n\n");
            firstSeen.countDown();
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("data: two\ndata: lines\n\n");
        }
    }

    /** {@code earlier}: watched exchanges answered on the same connection first (it is kept alive between them). */
    @ParameterizedTest
    @ValueSource(ints = {0, 3})
    void aClientThatGoesAwayIsNoticedWithoutAWrite(int earlier) throws Exception {
        CountDownLatch gone = new CountDownLatch(1);
        CountDownLatch started = new CountDownLatch(1);
        Router router = new Router()
                .post("/watched", ex -> {
                    ex.body();
                    ex.onClientGone(gone::countDown); // must not fire: this client stays
                    ex.respond(200, "text/plain", "ok");
                })
                .post("/slow", ex -> {
                    ex.body();
                    ex.onClientGone(gone::countDown);
                    started.countDown();
                    gone.await(20, TimeUnit.SECONDS);
                    ex.respond(200, "text/plain", "late");
                });
        try (HttpServer s = start(router, 1000)) {
            try (Socket socket = new Socket("127.0.0.1", s.port())) {
                socket.setSoTimeout(10_000);
                InputStream in = socket.getInputStream();
                for (int i = 0; i < earlier; i++) assertThat(exchange(socket, in, "/watched")).startsWith("HTTP/1.1 200");
                assertThat(gone.getCount()).isEqualTo(1);
                socket.getOutputStream().write("POST /slow HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\n{}"
                        .getBytes(StandardCharsets.UTF_8));
                assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
            }
            assertThat(gone.await(10, TimeUnit.SECONDS)).as("handler told of the closed connection").isTrue();
        }
    }

    @Test
    void aWatchedExchangeKeepsItsConnectionAliveForTheNextRequest() throws Exception {
        AtomicInteger takenForGone = new AtomicInteger();
        Router router = new Router()
                .post("/watched", ex -> {
                    ex.body();
                    ex.onClientGone(takenForGone::incrementAndGet);
                    Thread.sleep(2); // the handler's work, during which a wake-up left from the last exchange arrives
                    ex.respond(200, "text/plain", "ok");
                })
                .post("/plain", ex -> {
                    ex.body();
                    ex.respond(200, "text/plain", "ok");
                });
        try (HttpServer s = start(router, 1000)) {
            for (int round = 0; round < 20; round++) { // the watch used to break keep-alive only sometimes: repeat
                try (Socket socket = new Socket("127.0.0.1", s.port())) {
                    socket.setSoTimeout(10_000);
                    InputStream in = socket.getInputStream();
                    for (String path : new String[] {"/plain", "/watched", "/watched", "/plain", "/watched"}) {
                        String answer = exchange(socket, in, path);
                        assertThat(answer).startsWith("HTTP/1.1 200").doesNotContainIgnoringCase("connection: close");
                    }
                }
            }
            assertThat(takenForGone).as("watched exchanges whose client was taken for gone").hasValue(0);
        }
    }

    /** One request, its head and its body sent apart as OkHttp sends them (each its own TCP segment). */
    private static String exchange(Socket socket, InputStream in, String path) throws Exception {
        socket.setTcpNoDelay(true);
        socket.getOutputStream().write(("POST " + path + " HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\n")
                .getBytes(StandardCharsets.UTF_8));
        socket.getOutputStream().flush();
        socket.getOutputStream().write("{}".getBytes(StandardCharsets.UTF_8));
        StringBuilder got = new StringBuilder();
        while (!got.toString().endsWith("\r\n\r\nok")) {
            int c = in.read();
            if (c < 0) throw new AssertionError("connection closed after: " + got);
            got.append((char) c);
        }
        return got.toString();
    }

    @Test
    void stopRefusesNewConnectionsAndDrainsTheOpenOnes() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Router router = new Router().post("/wait", ex -> {
            started.countDown();
            release.await(10, TimeUnit.SECONDS);
            ex.respond(200, "text/plain", "done");
        });
        HttpServer s = start(router, 1000);
        int port = s.port();
        var pending = CLIENT.sendAsync(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/wait"))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
        Thread stopper = Thread.ofVirtual().start(() -> {
            try {
                assertThat(s.stop(Duration.ofSeconds(10))).isTrue();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        boolean refused = false;
        while (!refused && System.nanoTime() < until) {
            try (Socket ignored = new Socket("127.0.0.1", port)) {
                Thread.onSpinWait();
            } catch (java.io.IOException e) {
                refused = true;
            }
        }
        assertThat(refused).as("listening socket closed").isTrue();
        release.countDown();
        assertThat(pending.get(10, TimeUnit.SECONDS).body()).isEqualTo("done");
        stopper.join();
    }
}

package dev.hermes.stream;

import dev.hermes.llm.StreamEvent;
import dev.hermes.util.MonotonicClock;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The real thing: a JDK HttpClient reading a streamed body from a loopback server that goes
 * quiet, and the shared-style watchdog (its own thread, system clock) closing the body to
 * unblock the reader. Checks which timer fired and how late.
 */
class WatchdogLoopbackTest {

    private static StreamWatchdog dog;
    private static HttpClient http;

    @BeforeAll
    static void start() {
        dog = StreamWatchdog.start(MonotonicClock.SYSTEM);
        http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    }

    @AfterAll
    static void stop() {
        dog.close();
        http.close();
    }

    /** What the reading thread saw; {@code unblockedAt} is System.nanoTime() when it stopped reading. */
    record Outcome(List<String> data, boolean normalEnd, Exception error, long unblockedAt) {
    }

    /** Reads SSE lines like a wire client would, reporting to the watch, until the body ends or fails. */
    private static Outcome read(int port, AttemptWatch watch) {
        HttpRequest req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/chat/completions"))
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build();
        CompletableFuture<HttpResponse<InputStream>> exchange = http.sendAsync(req, HttpResponse.BodyHandlers.ofInputStream());
        watch.requestStarted(() -> exchange.cancel(true));
        List<String> data = new ArrayList<>();
        try {
            HttpResponse<InputStream> resp = exchange.get();
            InputStream body = resp.body();
            watch.headersReceived(resp.statusCode(), () -> close(body));
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(new CountingStream(body, watch), StandardCharsets.UTF_8))) {
                String line;
                while ((line = lines.readLine()) != null) {
                    if (line.startsWith("data: ")) {
                        data.add(line.substring(6));
                        watch.onEvent(new StreamEvent.TextDelta(line));
                    } else if (line.startsWith(":")) {
                        watch.onEvent(new StreamEvent.KeepAlive("comment"));
                    }
                }
            }
            return new Outcome(data, true, null, System.nanoTime());
        } catch (Exception e) {
            return new Outcome(data, false, e, System.nanoTime());
        } finally {
            watch.close();
        }
    }

    private static void close(InputStream in) {
        try {
            in.close();
        } catch (IOException ignored) {
            // closing is all we wanted; the reader sees the failure
        }
    }

    /**
     * Runs one read against the server and checks what every stall must satisfy: the reader
     * unblocked with an error (never a normal end), soon after the timer's deadline, and the
     * server saw the connection go.
     */
    private FiredTimer stallAgainst(SilentSseServer server, StreamTimeouts timeouts, int expectedData) throws Exception {
        AttemptWatch watch = dog.watch(timeouts, "loopback");
        CompletableFuture<Outcome> reader = CompletableFuture.supplyAsync(() -> read(server.port(), watch),
                r -> Thread.ofPlatform().start(r));
        Outcome out = reader.get(5, TimeUnit.SECONDS); // the reader unblocks, or the test fails here
        FiredTimer fired = watch.firedTimer().orElseThrow(() -> new AssertionError("no timer fired; reader saw " + out));
        assertThat(out.normalEnd()).as("an aborted body must not look like a normal end").isFalse();
        assertThat(out.data()).hasSize(expectedData);
        Duration lag = fired.elapsed().minus(fired.timeout());
        assertThat(lag).as("watchdog lag past the timeout").isBetween(Duration.ZERO, Duration.ofMillis(500));
        assertThat(server.awaitClientGone(2000)).as("the connection was released").isTrue();
        return fired;
    }

    private static final Duration LONG = Duration.ofSeconds(5);

    @Test
    void contentIdleFiresWhilePingsKeepArriving() throws Exception {
        StreamTimeouts t = StreamTimeouts.uniform(LONG).withContentIdle(Duration.ofMillis(150));
        try (SilentSseServer server = new SilentSseServer(3, 20)) {
            FiredTimer fired = stallAgainst(server, t, 3);
            assertThat(fired.kind()).isEqualTo(StallKind.CONTENT_IDLE);
            assertThat(fired.timeout()).isEqualTo(Duration.ofMillis(150));
        }
    }

    @Test
    void livenessFiresWhenNoBytesArrive() throws Exception {
        StreamTimeouts t = StreamTimeouts.uniform(LONG).withLivenessIdle(Duration.ofMillis(120));
        try (SilentSseServer server = new SilentSseServer(2, 0)) {
            assertThat(stallAgainst(server, t, 2).kind()).isEqualTo(StallKind.LIVENESS_IDLE);
        }
    }

    @Test
    void firstContentFiresWhenOnlyPingsFollowHeaders() throws Exception {
        StreamTimeouts t = StreamTimeouts.uniform(LONG).withFirstContent(Duration.ofMillis(100));
        try (SilentSseServer server = new SilentSseServer(0, 15)) {
            assertThat(stallAgainst(server, t, 0).kind()).isEqualTo(StallKind.FIRST_CONTENT);
        }
    }

    @Test
    void headersTimerCancelsAnExchangeThatNeverAnswers() throws Exception {
        StreamTimeouts t = StreamTimeouts.uniform(LONG).withConnect(Duration.ofMillis(40)).withHeaders(Duration.ofMillis(60));
        try (SilentSseServer server = SilentSseServer.neverAnswering()) {
            FiredTimer fired = stallAgainst(server, t, 0);
            assertThat(fired.kind()).isEqualTo(StallKind.HEADERS);
            assertThat(fired.timeout()).isEqualTo(Duration.ofMillis(100));
        }
    }
}

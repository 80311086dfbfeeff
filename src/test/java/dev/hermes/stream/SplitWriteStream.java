package dev.hermes.stream;

import dev.hermes.testing.LoopbackServer;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Serves a body as a sequence of parts over real HTTP, writing each part only after the client
 * has read every byte of the previous ones, so each part arrives in its own read: splits in the
 * middle of a CRLF or a UTF-8 character really happen on the client side.
 */
final class SplitWriteStream implements AutoCloseable {
    final AtomicLong bytesRead = new AtomicLong();
    final AtomicInteger reads = new AtomicInteger();
    final AttemptListener listener = new AttemptListener() {
        @Override
        public void bytesReceived(int count) {
            reads.incrementAndGet();
            bytesRead.addAndGet(count);
        }
    };
    private final LoopbackServer server;
    private InputStream body;
    private HttpClient client;

    SplitWriteStream(List<byte[]> parts) {
        server = LoopbackServer.start((request, exchange) -> {
            exchange.startEventStream();
            long sent = 0;
            for (byte[] part : parts) {
                awaitRead(sent);
                exchange.chunk(part);
                sent += part.length;
            }
            awaitRead(sent);
            exchange.endChunks();
        });
    }

    static SplitWriteStream ofStrings(String... parts) {
        List<byte[]> bytes = new ArrayList<>();
        for (String part : parts) bytes.add(part.getBytes(StandardCharsets.UTF_8));
        return new SplitWriteStream(bytes);
    }

    private void awaitRead(long total) throws InterruptedException {
        long deadline = System.nanoTime() + 2_000_000_000L;
        while (bytesRead.get() < total) {
            if (System.nanoTime() > deadline) throw new AssertionError("client did not read " + total + " bytes");
            Thread.sleep(1);
        }
    }

    InputStream open() throws IOException, InterruptedException {
        client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        body = client.send(HttpRequest.newBuilder(server.uri().resolve("/events")).build(),
                HttpResponse.BodyHandlers.ofInputStream()).body();
        return body;
    }

    List<SseItem> readAll(int maxLineBytes) throws IOException, InterruptedException {
        SseReader reader = new SseReader(open(), listener, maxLineBytes);
        List<SseItem> items = new ArrayList<>();
        for (SseItem item = reader.next(); item != null; item = reader.next()) items.add(item);
        return items;
    }

    List<SseItem> readAll() throws IOException, InterruptedException {
        return readAll(SseReader.DEFAULT_MAX_LINE_BYTES);
    }

    @Override
    public void close() throws IOException {
        if (body != null) body.close();
        if (client != null) client.shutdownNow();
        server.close();
    }
}

package dev.hermes.stream;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A loopback SSE server built on a raw socket, for exact control of bytes and timing: it sends
 * headers, a few content events, then either nothing at all or only SSE comment pings every
 * {@code pingEveryMillis}, until the client goes away.
 */
final class SilentSseServer implements AutoCloseable {
    private final ServerSocket server;
    private final Thread thread;
    private final List<Socket> sockets = new ArrayList<>();
    final CountDownLatch clientGone = new CountDownLatch(1);

    SilentSseServer(int contentEvents, long pingEveryMillis) throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        thread = Thread.ofPlatform().daemon().start(() -> serve(contentEvents, pingEveryMillis));
    }

    private SilentSseServer() throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        thread = Thread.ofPlatform().daemon().start(this::acceptAndSayNothing);
    }

    /** Accepts, reads the request, and never answers. */
    static SilentSseServer neverAnswering() throws IOException {
        return new SilentSseServer();
    }

    private void acceptAndSayNothing() {
        try (Socket s = server.accept()) {
            synchronized (sockets) {
                sockets.add(s);
            }
            readRequestHead(s.getInputStream());
            while (s.getInputStream().read() >= 0) {
                // drain until the client goes away
            }
        } catch (IOException e) {
            // the client closed the connection
        } finally {
            clientGone.countDown();
        }
    }

    int port() {
        return server.getLocalPort();
    }

    private void serve(int contentEvents, long pingEveryMillis) {
        try (Socket s = server.accept()) {
            synchronized (sockets) {
                sockets.add(s);
            }
            readRequestHead(s.getInputStream());
            OutputStream out = s.getOutputStream();
            out.write(("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            for (int i = 0; i < contentEvents; i++) {
                out.write(("data: {\"text\":\"part " + i + "\"}\n\n").getBytes(StandardCharsets.UTF_8));
            }
            out.flush();
            while (true) {
                if (pingEveryMillis <= 0) {
                    if (s.getInputStream().read() < 0) break; // silent until the client closes
                } else {
                    Thread.sleep(pingEveryMillis);
                    out.write(": ping\n\n".getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                }
            }
        } catch (IOException | InterruptedException e) {
            // the client closed the connection: what the test waits for
        } finally {
            clientGone.countDown();
        }
    }

    private static void readRequestHead(InputStream in) throws IOException {
        int matched = 0;
        byte[] end = {'\r', '\n', '\r', '\n'};
        while (matched < 4) {
            int b = in.read();
            if (b < 0) throw new IOException("request ended early");
            matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
        }
    }

    boolean awaitClientGone(long millis) throws InterruptedException {
        return clientGone.await(millis, TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() throws IOException {
        server.close();
        synchronized (sockets) {
            for (Socket s : sockets) s.close();
        }
        thread.interrupt();
    }
}

package dev.hermes.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A tiny HTTP/1.1 server on 127.0.0.1 built on a raw {@link ServerSocket}, so a test controls every
 * byte of the response, how it is split into TCP writes, and when (or whether) it is sent.
 *
 * <p>Each connection serves one request on its own thread, then closes (responses written through
 * {@link Exchange} carry {@code Connection: close}, so clients never reuse a connection a handler
 * may have left in a strange state). Requests are recorded in arrival order.
 *
 * <p>{@link #close()} closes the listening socket and every accepted connection, which unblocks
 * handlers that are holding a connection open.
 */
public final class LoopbackServer implements AutoCloseable {

    /** Writes the response for one request. Exceptions end the connection (a test can assert on that). */
    @FunctionalInterface
    public interface Handler {
        void handle(RecordedRequest request, Exchange exchange) throws Exception;
    }

    private final ServerSocket listener;
    private final Handler handler;
    private final List<RecordedRequest> requests = new CopyOnWriteArrayList<>();
    private final List<Throwable> handlerFailures = new CopyOnWriteArrayList<>();
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    private LoopbackServer(Handler handler) throws IOException {
        this.handler = handler;
        this.listener = new ServerSocket();
        listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        Thread.ofPlatform().daemon().name("loopback-accept-" + listener.getLocalPort()).start(this::acceptLoop);
    }

    public static LoopbackServer start(Handler handler) {
        try {
            return new LoopbackServer(handler);
        } catch (IOException e) {
            throw new IllegalStateException("cannot bind a loopback port", e);
        }
    }

    /** {@code http://127.0.0.1:PORT} with no trailing slash. */
    public URI uri() {
        return URI.create("http://127.0.0.1:" + listener.getLocalPort());
    }

    public int port() {
        return listener.getLocalPort();
    }

    public List<RecordedRequest> requests() {
        return List.copyOf(requests);
    }

    /** Failures thrown by the handler other than the client going away; tests may assert it is empty. */
    public List<Throwable> handlerFailures() {
        return List.copyOf(handlerFailures);
    }

    private void acceptLoop() {
        while (!closed) {
            try {
                Socket socket = listener.accept();
                open.add(socket);
                Thread.ofPlatform().daemon().name("loopback-conn-" + socket.getPort()).start(() -> serve(socket));
            } catch (IOException e) {
                if (!closed) handlerFailures.add(e);
                return;
            }
        }
    }

    private void serve(Socket socket) {
        try (socket) {
            socket.setTcpNoDelay(true);
            RecordedRequest request = readRequest(socket.getInputStream());
            if (request == null) return;
            requests.add(request);
            handler.handle(request, new Exchange(socket));
        } catch (SocketException e) {
            // the client went away or the test closed the server: expected in fault tests
        } catch (Exception | AssertionError e) {
            if (!closed) handlerFailures.add(e);
        } finally {
            open.remove(socket);
        }
    }

    private static RecordedRequest readRequest(InputStream in) throws IOException {
        String requestLine = readLine(in);
        if (requestLine == null || requestLine.isEmpty()) return null;
        String[] parts = requestLine.split(" ", 3);
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (String line = readLine(in); line != null && !line.isEmpty(); line = readLine(in)) {
            int colon = line.indexOf(':');
            String name = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            headers.computeIfAbsent(name, k -> new ArrayList<>()).add(line.substring(colon + 1).trim());
        }
        List<String> length = headers.get("content-length");
        byte[] body = length == null ? new byte[0] : in.readNBytes(Integer.parseInt(length.get(0)));
        return new RecordedRequest(parts[0], parts[1], headers, new String(body, StandardCharsets.UTF_8));
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = in.read(); b != -1; b = in.read()) {
            if (b == '\n') {
                byte[] bytes = line.toByteArray();
                int len = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
                return new String(bytes, 0, len, StandardCharsets.ISO_8859_1);
            }
            line.write(b);
        }
        return line.size() == 0 ? null : line.toString(StandardCharsets.ISO_8859_1);
    }

    @Override
    public void close() {
        closed = true;
        try {
            listener.close();
        } catch (IOException ignored) {
            // closing a listening socket cannot fail in a way a test cares about
        }
        for (Socket socket : open) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // already gone
            }
        }
    }
}

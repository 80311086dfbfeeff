package dev.hermes.sim;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** One HTTP/1.1 exchange over a raw socket, for byte-exact checks and for seeing how a body ends. */
final class RawExchange implements Closeable {

    /** How reading the body ended. */
    enum Ending {
        /** Content-Length reached, or the final zero-length chunk seen. */
        COMPLETE,
        /** The connection closed before the body was complete. */
        EOF,
        /** Nothing arrived within the read timeout; the connection is still open. */
        TIMEOUT,
        /** The connection was reset. */
        RESET
    }

    record Body(String text, Ending ending) {
    }

    final Socket socket;
    private final InputStream in;
    int status;
    final Map<String, String> headers = new LinkedHashMap<>();

    private RawExchange(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new BufferedInputStream(socket.getInputStream());
    }

    /** Sends a POST with a JSON body and extra header lines ("Name: value"). */
    static RawExchange post(int port, String path, String json, String... headerLines) throws IOException {
        Socket s = new Socket("127.0.0.1", port);
        s.setSoTimeout(5_000);
        return new RawExchange(s).send(path, json, headerLines);
    }

    /** Sends the next POST on this same connection, once the previous response was read whole. */
    RawExchange send(String path, String json, String... headerLines) throws IOException {
        status = 0;
        headers.clear();
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        StringBuilder sb = new StringBuilder("POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                + "Content-Type: application/json\r\nContent-Length: " + body.length + "\r\n");
        for (String h : headerLines) sb.append(h).append("\r\n");
        sb.append("\r\n");
        socket.getOutputStream().write(sb.toString().getBytes(StandardCharsets.ISO_8859_1));
        socket.getOutputStream().write(body);
        socket.getOutputStream().flush();
        return this;
    }

    void timeout(int ms) throws SocketException {
        socket.setSoTimeout(ms);
    }

    /** Reads the status line and headers; false when the connection ended (EOF or reset) first. */
    boolean readHead() throws IOException {
        String statusLine;
        try {
            statusLine = line();
        } catch (SocketException e) {
            return false;
        }
        if (statusLine == null) return false;
        status = Integer.parseInt(statusLine.split(" ")[1]);
        for (String h = line(); h != null && !h.isEmpty(); h = line()) {
            int c = h.indexOf(':');
            headers.put(h.substring(0, c).toLowerCase(Locale.ROOT), h.substring(c + 1).trim());
        }
        return true;
    }

    /** Reads the body (de-chunked) until it completes, the connection ends, or the read timeout. */
    Body readBody() throws IOException {
        return readBody(Long.MAX_VALUE);
    }

    /** As {@link #readBody()}, but also stops (as TIMEOUT) once {@code budgetMs} have passed between chunks. */
    Body readBody(long budgetMs) throws IOException {
        long deadline = budgetMs == Long.MAX_VALUE ? Long.MAX_VALUE : System.nanoTime() + budgetMs * 1_000_000L;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        try {
            if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
                while (true) {
                    if (budgetMs != Long.MAX_VALUE && System.nanoTime() - deadline > 0) return body(buf, Ending.TIMEOUT);
                    String size = line();
                    if (size == null) return body(buf, Ending.EOF);
                    int n = Integer.parseInt(size.trim(), 16);
                    if (n == 0) {
                        line();
                        return body(buf, Ending.COMPLETE);
                    }
                    byte[] chunk = in.readNBytes(n);
                    buf.write(chunk);
                    if (chunk.length < n || line() == null) return body(buf, Ending.EOF);
                }
            }
            int length = Integer.parseInt(headers.getOrDefault("content-length", "-1"));
            byte[] b = length < 0 ? in.readAllBytes() : in.readNBytes(length);
            buf.write(b);
            return body(buf, length < 0 || b.length == length ? Ending.COMPLETE : Ending.EOF);
        } catch (SocketTimeoutException e) {
            return body(buf, Ending.TIMEOUT);
        } catch (SocketException e) {
            return body(buf, Ending.RESET);
        }
    }

    /** Whether the server has closed its side: a read returns EOF (or reset) within the timeout. */
    boolean serverClosed() throws IOException {
        try {
            return in.read() < 0;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (SocketException e) {
            return true;
        }
    }

    private static Body body(ByteArrayOutputStream buf, Ending ending) {
        return new Body(buf.toString(StandardCharsets.UTF_8), ending);
    }

    private String line() throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) != '\n') {
            if (c < 0) return b.size() == 0 ? null : b.toString(StandardCharsets.ISO_8859_1);
            if (c != '\r') b.write(c);
        }
        return b.toString(StandardCharsets.ISO_8859_1);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}

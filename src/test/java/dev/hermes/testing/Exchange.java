package dev.hermes.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * The response side of one {@link LoopbackServer} connection. Every write is flushed at once, so
 * each call is (at least) one TCP segment on the wire. Responses carry {@code Connection: close}.
 */
public final class Exchange {
    private final Socket socket;
    private final OutputStream out;

    Exchange(Socket socket) throws IOException {
        this.socket = socket;
        this.out = socket.getOutputStream();
    }

    /** A complete response with a Content-Length body. {@code headers} are name/value pairs. */
    public void respond(int status, String body, String... headers) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        StringBuilder head = statusLine(status, headers);
        head.append("Content-Length: ").append(bytes.length).append("\r\n\r\n");
        out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
        out.write(bytes);
        out.flush();
    }

    /** A JSON response. */
    public void json(int status, String body, String... headers) throws IOException {
        String[] all = new String[headers.length + 2];
        all[0] = "Content-Type";
        all[1] = "application/json";
        System.arraycopy(headers, 0, all, 2, headers.length);
        respond(status, body, all);
    }

    /** Sends the head of a chunked response; the body follows through {@link #chunk}. */
    public void startChunked(int status, String... headers) throws IOException {
        StringBuilder head = statusLine(status, headers);
        head.append("Transfer-Encoding: chunked\r\n\r\n");
        out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    /** Starts a 200 {@code text/event-stream} response. */
    public void startEventStream() throws IOException {
        startChunked(200, "Content-Type", "text/event-stream");
    }

    public void chunk(String text) throws IOException {
        chunk(text.getBytes(StandardCharsets.UTF_8));
    }

    /** One HTTP chunk, flushed. */
    public void chunk(byte[] bytes) throws IOException {
        if (bytes.length == 0) return; // a zero-length chunk would end the body
        out.write((Integer.toHexString(bytes.length) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
        out.write(bytes);
        out.write("\r\n".getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    /** The terminating zero-length chunk: the body ends cleanly. */
    public void endChunks() throws IOException {
        out.write("0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    /** Bytes written as they are, for malformed responses. */
    public void raw(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /** Keeps the connection open and silent until the client (or the test's server.close()) closes it. */
    public void holdUntilClientCloses() {
        try {
            InputStream in = socket.getInputStream();
            while (in.read() != -1) {
                // discard: nothing more is expected from the client
            }
        } catch (IOException e) {
            // the connection is gone, which is what we waited for
        }
    }

    /** Closes the connection with a TCP reset instead of an orderly FIN. */
    public void reset() throws IOException {
        socket.setSoLinger(true, 0);
        socket.close();
    }

    public static void pause(long millis) throws InterruptedException {
        Thread.sleep(millis);
    }

    private static StringBuilder statusLine(int status, String[] headers) {
        if (headers.length % 2 != 0) throw new IllegalArgumentException("headers must be name/value pairs");
        StringBuilder head = new StringBuilder("HTTP/1.1 ").append(status).append(' ').append(reason(status)).append("\r\n");
        head.append("Connection: close\r\n");
        for (int i = 0; i < headers.length; i += 2) {
            head.append(headers[i]).append(": ").append(headers[i + 1]).append("\r\n");
        }
        return head;
    }

    private static String reason(int status) {
        return switch (status) {
            case 200 -> "OK";
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 402 -> "Payment Required";
            case 429 -> "Too Many Requests";
            case 500 -> "Internal Server Error";
            case 503 -> "Service Unavailable";
            default -> "Status";
        };
    }
}

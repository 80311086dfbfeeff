package dev.hermes.sim;

import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Just enough HTTP/1.1 for the simulator: persistent connections (a response says
 * {@code Connection: close} only when its connection ends after it), Content-Length bodies, and
 * streamed responses in chunked transfer encoding so a cut stream (no final zero-length chunk) is
 * distinguishable from a finished one.
 */
final class RawHttp {

    /**
     * A connection's output, knowing whether the connection ends after the response being written;
     * responses written to any other stream say {@code Connection: close}.
     */
    static final class Output extends BufferedOutputStream {
        boolean closing = true;

        Output(OutputStream out) {
            super(out);
        }
    }

    private static final int MAX_HEAD = 64 * 1024;
    private static final int MAX_BODY = 32 * 1024 * 1024;

    /**
     * A request as read from the socket.
     *
     * @param headers lower-cased names
     */
    record Request(String method, String path, Map<String, String> headers, byte[] body, boolean http11) {
        String header(String name) {
            return headers.get(name);
        }

        /** The client lets the connection go on after this exchange (HTTP/1.1 without {@code Connection: close}). */
        boolean keepsAlive() {
            String connection = headers.getOrDefault("connection", "");
            return http11 && !connection.toLowerCase(Locale.ROOT).contains("close");
        }
    }

    /** Thrown for a request the simulator cannot parse; answered with 400. */
    static final class BadRequest extends IOException {
        BadRequest(String message) {
            super(message);
        }
    }

    private RawHttp() {
    }

    /**
     * Reads one request; null when the client closed before sending anything. Answers
     * {@code Expect: 100-continue} on {@code out} (curl sends it for bodies over 1 KiB and would
     * otherwise wait a second before sending the body).
     */
    static Request read(InputStream in, OutputStream out) throws IOException {
        String requestLine = line(in, true);
        if (requestLine == null) return null;
        String[] parts = requestLine.split(" ");
        if (parts.length != 3 || !parts[2].startsWith("HTTP/1.")) {
            throw new BadRequest("malformed request line");
        }
        Map<String, String> headers = new LinkedHashMap<>();
        int headBytes = requestLine.length();
        for (String h = line(in, false); !h.isEmpty(); h = line(in, false)) {
            headBytes += h.length();
            if (headBytes > MAX_HEAD) throw new BadRequest("request head larger than " + MAX_HEAD + " bytes");
            int colon = h.indexOf(':');
            if (colon <= 0) throw new BadRequest("malformed header line");
            headers.put(h.substring(0, colon).trim().toLowerCase(Locale.ROOT), h.substring(colon + 1).trim());
        }
        if (headers.containsKey("transfer-encoding")) throw new BadRequest("chunked request bodies are not supported");
        int length;
        try {
            length = Integer.parseInt(headers.getOrDefault("content-length", "0"));
        } catch (NumberFormatException e) {
            throw new BadRequest("bad Content-Length");
        }
        if (length < 0 || length > MAX_BODY) throw new BadRequest("Content-Length out of range");
        if ("100-continue".equalsIgnoreCase(headers.get("expect"))) {
            out.write("HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
        }
        byte[] body = in.readNBytes(length);
        if (body.length != length) throw new IOException("client closed mid-body");
        String target = parts[1];
        int q = target.indexOf('?');
        return new Request(parts[0], q < 0 ? target : target.substring(0, q), headers, body, parts[2].equals("HTTP/1.1"));
    }

    /** A CRLF- (or LF-) terminated ISO-8859-1 line; null on EOF at the start of a request. */
    private static String line(InputStream in, boolean eofOk) throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != '\n') {
            if (b < 0) {
                if (eofOk && buf.size() == 0) return null;
                throw new IOException("client closed mid-request");
            }
            if (buf.size() > MAX_HEAD) throw new BadRequest("header line too long");
            buf.write(b);
        }
        String s = buf.toString(StandardCharsets.ISO_8859_1);
        return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
    }

    /** A complete response with a Content-Length body (which may be declared longer than sent, see {@code declared}). */
    static void writeHead(OutputStream out, int status, Map<String, String> headers, String contentType, long declared)
            throws IOException {
        StringBuilder sb = new StringBuilder("HTTP/1.1 ").append(status).append(' ').append(reason(status)).append("\r\n");
        sb.append("Content-Type: ").append(contentType).append("\r\n");
        if (declared >= 0) sb.append("Content-Length: ").append(declared).append("\r\n");
        else sb.append("Transfer-Encoding: chunked\r\nCache-Control: no-cache\r\n");
        for (var h : headers.entrySet()) sb.append(h.getKey()).append(": ").append(h.getValue()).append("\r\n");
        if (!(out instanceof Output o) || o.closing) sb.append("Connection: close\r\n");
        sb.append("\r\n");
        out.write(sb.toString().getBytes(StandardCharsets.ISO_8859_1));
    }

    static void writeFull(OutputStream out, int status, Map<String, String> headers, String contentType, byte[] body)
            throws IOException {
        writeHead(out, status, headers, contentType, body.length);
        out.write(body);
        out.flush();
    }

    static void writeJson(OutputStream out, int status, Map<String, String> headers, String json) throws IOException {
        writeFull(out, status, headers, "application/json", json.getBytes(StandardCharsets.UTF_8));
    }

    /** The head of a server-sent-events response in chunked encoding. */
    static void writeStreamHead(OutputStream out) throws IOException {
        writeHead(out, 200, Map.of(), "text/event-stream; charset=utf-8", -1);
        out.flush();
    }

    /** One SSE event as one HTTP chunk, flushed. */
    static void writeChunk(OutputStream out, String data) throws IOException {
        byte[] bytes = data.getBytes(StandardCharsets.UTF_8);
        out.write((Integer.toHexString(bytes.length) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
        out.write(bytes);
        out.write('\r');
        out.write('\n');
        out.flush();
    }

    /** The zero-length chunk that ends a chunked body properly. */
    static void writeLastChunk(OutputStream out) throws IOException {
        out.write("0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    private static String reason(int status) {
        return switch (status) {
            case 200 -> "OK";
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 429 -> "Too Many Requests";
            case 500 -> "Internal Server Error";
            case 503 -> "Service Unavailable";
            case 529 -> "Overloaded";
            default -> "Status";
        };
    }
}

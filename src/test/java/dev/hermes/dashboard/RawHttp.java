package dev.hermes.dashboard;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 over a plain socket, so a test can send what a browser would not (another Host, no
 * cookie, a forged form post) and read a stream line by line.
 */
final class RawHttp implements AutoCloseable {

    record Response(int status, Map<String, String> headers, String body) {
        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    private final Socket socket;
    private final BufferedReader in;

    private RawHttp(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
    }

    /** Sends one request ({@code Connection: close}) and reads the whole response. */
    static Response send(int port, String method, String path, Map<String, String> headers, String body)
            throws IOException {
        try (RawHttp http = open(port, method, path, headers, body)) {
            Response head = http.head();
            StringBuilder b = new StringBuilder();
            char[] buf = new char[8192];
            for (int n; (n = http.in.read(buf)) > 0; ) b.append(buf, 0, n);
            return new Response(head.status(), head.headers(), b.toString());
        }
    }

    /** Sends a request and leaves the response to be read: for event streams. */
    static RawHttp open(int port, String method, String path, Map<String, String> headers, String body)
            throws IOException {
        Socket s = new Socket("127.0.0.1", port);
        s.setSoTimeout(20_000);
        StringBuilder req = new StringBuilder(method + " " + path + " HTTP/1.1\r\n");
        Map<String, String> h = new LinkedHashMap<>();
        h.put("Host", "127.0.0.1:" + port);
        h.put("Connection", "close");
        h.putAll(headers);
        byte[] bytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        if (body != null) h.put("Content-Length", Integer.toString(bytes.length));
        h.forEach((k, v) -> req.append(k).append(": ").append(v).append("\r\n"));
        req.append("\r\n");
        OutputStream out = s.getOutputStream();
        out.write(req.toString().getBytes(StandardCharsets.UTF_8));
        out.write(bytes);
        out.flush();
        return new RawHttp(s);
    }

    /** The status line and headers. */
    Response head() throws IOException {
        String status = in.readLine();
        if (status == null) throw new IOException("no response");
        Map<String, String> headers = new LinkedHashMap<>();
        for (String line; (line = in.readLine()) != null && !line.isEmpty(); ) {
            int colon = line.indexOf(':');
            headers.merge(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim(),
                    (a, b) -> a + ", " + b);
        }
        return new Response(Integer.parseInt(status.split(" ")[1]), headers, "");
    }

    /** The next line of the body (chunk sizes of a chunked stream included), or null at its end. */
    String line() throws IOException {
        return in.readLine();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}

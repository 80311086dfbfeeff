package dev.hermes.server;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.AbstractEndPoint;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Blocker;
import org.eclipse.jetty.util.BufferUtil;
import org.eclipse.jetty.util.Callback;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * One request and its response, for a blocking {@link Handler}. A handler either calls
 * {@link #respond} once or opens one {@link #sse} stream; what it leaves unanswered gets a 500.
 */
public final class Exchange {

    private final Request request;
    private final Response response;
    private final long maxBodyBytes;
    private final List<Runnable> onGone = new CopyOnWriteArrayList<>();
    private volatile boolean gone;
    private boolean committed;
    private boolean watching;
    private volatile boolean finished;
    private Sse sse;

    Exchange(Request request, Response response, long maxBodyBytes) {
        this.request = request;
        this.response = response;
        this.maxBodyBytes = maxBodyBytes;
        request.addFailureListener(failure -> clientGone());
    }

    public String method() {
        return request.getMethod();
    }

    public String path() {
        return Request.getPathInContext(request);
    }

    /** A query parameter of the request line (decoded as UTF-8), or null. */
    public String query(String name) {
        return Request.extractQueryParameters(request, StandardCharsets.UTF_8).getValue(name);
    }

    /** A request header, or null. */
    public String header(String name) {
        return request.getHeaders().get(name);
    }

    /** The peer's address, for logs. */
    public String remoteAddress() {
        return Request.getRemoteAddr(request);
    }

    /**
     * The request body, at most the server's body limit.
     *
     * @throws BodyTooLargeException past the limit (checked before reading when the length is declared)
     */
    public byte[] body() throws IOException {
        long declared = request.getLength();
        if (declared > maxBodyBytes) throw new BodyTooLargeException(maxBodyBytes);
        try (InputStream in = Content.Source.asInputStream(request)) {
            byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBodyBytes + 1));
            if (bytes.length > maxBodyBytes) throw new BodyTooLargeException(maxBodyBytes);
            return bytes;
        }
    }

    public void respond(int status, String contentType, String body) throws IOException {
        respond(status, contentType, body.getBytes(StandardCharsets.UTF_8));
    }

    /** A complete response with a length; at most one per exchange. */
    public void respond(int status, String contentType, byte[] body) throws IOException {
        if (committed) throw new IllegalStateException("response already started");
        committed = true;
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, contentType);
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
        write(true, ByteBuffer.wrap(body));
    }

    /** Sets a response header; call before responding or opening a stream. */
    public void header(String name, String value) {
        response.getHeaders().put(name, value);
    }

    /** Starts a 200 {@code text/event-stream} response. */
    public SseStream sse() {
        if (committed) throw new IllegalStateException("response already started");
        committed = true;
        response.setStatus(200);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/event-stream; charset=utf-8");
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-cache");
        sse = new Sse();
        return sse;
    }

    /** True once the client closed the connection or it failed; the handler should stop working for it. */
    public boolean isClientGone() {
        return gone;
    }

    /**
     * Runs {@code action} (at once, on any thread) when the client goes away: cancel upstream work
     * here. Call it after reading the body and before responding: from then on the connection is
     * watched for the peer's close, which Jetty alone notices only at the next write.
     *
     * <p>The watch holds the connection's one read interest until the peer sends something or the
     * exchange ends; at the end it is handed back ({@link #releaseWatch}), so the connection then
     * serves the client's next request as any kept-alive one does.
     */
    public void onClientGone(Runnable action) {
        onGone.add(action);
        if (!watching) {
            watching = true;
            watch();
        }
        if (gone) action.run();
    }

    /** Takes the connection's read interest: readable after the whole request was read means the peer closed. */
    private synchronized void watch() {
        if (finished) return;
        EndPoint endPoint = request.getConnectionMetaData().getConnection().getEndPoint();
        endPoint.tryFillInterested(Callback.from(this::peerReadable, failure -> {
            if (!finished) clientGone();
        }));
    }

    /**
     * The watched connection looks readable. A kept-alive connection can be woken for nothing (a
     * readiness left from its previous exchange), so this reads: end of input (or an error) is the
     * client gone, nothing to read means watch on, and bytes mean the client sent a next request
     * before this answer ended, which HTTP/1.1 clients do not do, so it is taken as leaving too.
     */
    private void peerReadable() {
        if (finished) return;
        int read;
        try {
            read = request.getConnectionMetaData().getConnection().getEndPoint().fill(BufferUtil.allocate(1));
        } catch (IOException e) {
            read = -1;
        }
        if (read == 0) watch();
        else clientGone();
    }

    /**
     * Hands the watch's read interest back to the connection before the exchange completes: its
     * callback runs now, seeing the exchange finished, and the connection can take the interest
     * for its next request (an interest taken twice fails the connection). No watch starts after
     * this; a no-op without a watch or after it fired.
     */
    synchronized void releaseWatch() {
        finished = true;
        if (!watching) return;
        EndPoint endPoint = request.getConnectionMetaData().getConnection().getEndPoint();
        if (endPoint instanceof AbstractEndPoint e) e.getFillInterest().fillable();
    }

    boolean committed() {
        return committed;
    }

    /** Ends an open stream with the last (empty) chunk. */
    void finish() throws IOException {
        if (sse != null) write(true, ByteBuffer.allocate(0));
    }

    private void clientGone() {
        if (gone) return;
        gone = true;
        onGone.forEach(Runnable::run);
    }

    private void write(boolean last, ByteBuffer bytes) throws IOException {
        if (last) finished = true;
        try (Blocker.Callback blocker = Blocker.callback()) {
            response.write(last, bytes, blocker);
            blocker.block();
        } catch (IOException e) {
            clientGone();
            throw e;
        }
    }

    private final class Sse implements SseStream {
        @Override
        public synchronized void event(String id, String name, String data) throws IOException {
            StringBuilder b = new StringBuilder(data.length() + 48);
            if (id != null) b.append("id: ").append(id).append('\n');
            if (name != null) b.append("event: ").append(name).append('\n');
            for (String line : data.split("\n", -1)) b.append("data: ").append(line).append('\n');
            b.append('\n');
            write(false, ByteBuffer.wrap(b.toString().getBytes(StandardCharsets.UTF_8)));
        }

        @Override
        public synchronized void comment(String text) throws IOException {
            write(false, ByteBuffer.wrap((": " + text + "\n\n").getBytes(StandardCharsets.UTF_8)));
        }
    }
}

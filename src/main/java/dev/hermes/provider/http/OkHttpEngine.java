package dev.hermes.provider.http;

import okhttp3.ConnectionPool;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Protocol;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Proxy;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * OkHttp (the transport of the official openai-java and anthropic-java SDKs): blocking sockets,
 * so the head and every body chunk are read on the caller's own (virtual) thread, with no
 * selector thread or worker pool in between. Measured at about half the CPU per streamed delta
 * of the JDK client, with no extra cost on first use (docs/benchmarks.md, "Upstream HTTP client").
 *
 * <p>Set up to behave like the JDK client it replaced: HTTP/1.1, no redirects, no proxy, no
 * silent retry of a POST, no transparent gzip ({@code Accept-Encoding: identity}), and no socket
 * timeouts of its own: the stream watchdog owns every idle limit. {@link Call#cancel()} and
 * {@link Head#close()} cancel the OkHttp call, which closes its socket: a blocked read or
 * connect fails at once.
 */
final class OkHttpEngine implements HttpEngine {

    /**
     * Idle keep-alive connections kept per engine (one engine per route) for the next calls.
     * OkHttp's default of 5 made a process running 100 calls at once to a route open a fresh
     * connection for 95 of the next 100 (docs/benchmarks.md, "hermes proxy"); an idle connection
     * costs a socket and under 1 KiB of heap, and goes after the keep-alive time.
     */
    private static final int IDLE_CONNECTIONS = 256;

    /** How long a body's reader waits, at close, for the rest of a body it stopped reading at the wire's last event. */
    private static final long DRAIN_MS = 10;
    /** The most it reads then: a body going on past its last event is dropped rather than read. */
    private static final long DRAIN_BYTES = 16 * 1024;

    private final OkHttpClient client;

    OkHttpEngine(Duration connectTimeout) {
        this.client = new OkHttpClient.Builder()
                .protocols(List.of(Protocol.HTTP_1_1))
                .connectTimeout(connectTimeout)
                .readTimeout(Duration.ZERO)
                .writeTimeout(Duration.ZERO)
                .callTimeout(Duration.ZERO)
                .retryOnConnectionFailure(false)
                .followRedirects(false)
                .followSslRedirects(false)
                .proxy(Proxy.NO_PROXY)
                .connectionPool(new ConnectionPool(IDLE_CONNECTIONS, 5, TimeUnit.MINUTES))
                .build();
    }

    @Override
    public Call start(HttpRequest request, byte[] body) {
        Request.Builder b = new Request.Builder().url(HttpUrl.get(request.uri()));
        request.headers().map().forEach((name, values) -> values.forEach(v -> b.addHeader(name, v)));
        if (request.headers().firstValue("accept-encoding").isEmpty()) b.header("Accept-Encoding", "identity");
        // no media type on the body: the Content-Type header set by the caller is sent as it is
        okhttp3.Call call = client.newCall(b.method(request.method(), RequestBody.create(body, null)).build());
        return new Call() {
            @Override
            public Head await() throws IOException {
                try {
                    return new OkHead(call, call.execute());
                } catch (IOException e) {
                    if (call.isCanceled()) throw new CancellationException("the exchange was cancelled");
                    throw e;
                }
            }

            @Override
            public void cancel() {
                call.cancel();
            }
        };
    }

    @Override
    public void shutdown() {
        client.connectionPool().evictAll(); // idle connections only; open exchanges go on
    }

    @Override
    public void shutdownNow() {
        client.dispatcher().cancelAll();
        client.connectionPool().evictAll();
    }

    private static final class OkHead implements Head {
        private final okhttp3.Call call;
        private final Response response;
        private final HttpHeaders headers;
        private final Body body;
        private final AtomicBoolean closed = new AtomicBoolean();

        OkHead(okhttp3.Call call, Response response) {
            this.call = call;
            this.response = response;
            this.headers = HttpHeaders.of(response.headers().toMultimap(), (n, v) -> true);
            this.body = new Body(response.body().byteStream());
        }

        public int status() {
            return response.code();
        }

        public HttpHeaders headers() {
            return headers;
        }

        public InputStream body() {
            return body;
        }

        /**
         * A body read to its end goes back to the pool. So does one whose reader stopped at the
         * wire's own last event (an SSE {@code [DONE]}) and closes it from its own reading thread:
         * the rest of the body (the chunked encoding's end) is usually there already, and is read
         * for at most {@link #DRAIN_MS}. Any other is cancelled first, which closes the socket at
         * once (closing the response alone would wait for the rest of the body).
         *
         * <p>From a thread other than the body's reader (a watchdog, the caller's abort) this only
         * cancels: the reader may be inside a read, and the response's own close reads what is
         * left of the body, so two threads would share its buffer. The reader, unblocked, closes
         * the response itself.
         */
        public void close() {
            Thread reader = body.lastReader;
            if (reader != null && reader != Thread.currentThread()) {
                call.cancel();
                return;
            }
            if (!closed.compareAndSet(false, true)) return;
            if (!body.ended && !call.isCanceled()) drain();
            if (!body.ended) call.cancel();
            response.close();
        }

        private void drain() {
            try {
                response.body().source().timeout().timeout(DRAIN_MS, TimeUnit.MILLISECONDS);
                byte[] sink = new byte[512];
                for (long read = 0; read < DRAIN_BYTES; ) {
                    int n = body.read(sink, 0, sink.length);
                    if (n < 0) return;
                    read += n;
                }
            } catch (IOException | RuntimeException e) {
                // the rest did not come in time or the connection broke: it is dropped
            }
        }
    }

    /** Notes the end of the body and who reads it, so a finished exchange can keep its connection. */
    private static final class Body extends FilterInputStream {
        volatile boolean ended;
        volatile Thread lastReader;

        Body(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            lastReader = Thread.currentThread();
            int b = in.read();
            if (b < 0) ended = true;
            return b;
        }

        @Override
        public int read(byte[] buffer, int off, int len) throws IOException {
            lastReader = Thread.currentThread();
            int n = in.read(buffer, off, len);
            if (n < 0) ended = true;
            return n;
        }
    }
}

package dev.hermes.server;

import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A running HTTP/1.1 server: Jetty's selector and acceptor on two platform threads, every request
 * on a virtual thread of its own. See the package documentation.
 */
public final class HttpServer implements AutoCloseable {

    /**
     * @param host         interface to bind ("127.0.0.1", "0.0.0.0", ...)
     * @param port         0 for an ephemeral port
     * @param maxBodyBytes the largest request body {@link Exchange#body} accepts
     * @param idleTimeout  a connection with no traffic either way is closed after this
     */
    public record Options(String host, int port, long maxBodyBytes, Duration idleTimeout) {
        public static Options loopback(int port) {
            return new Options("127.0.0.1", port, 10L << 20, Duration.ofMinutes(5));
        }
    }

    private final Server server;
    private final ServerConnector connector;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final Object drained = new Object();

    private HttpServer(Options options, Router router) {
        QueuedThreadPool pool = new QueuedThreadPool(16, 2);
        pool.setName("hermes-http");
        pool.setVirtualThreadsExecutor(Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("hermes-http-", 0).factory()));
        server = new Server(pool);
        connector = new ServerConnector(server, 1, 1);
        connector.setHost(options.host());
        connector.setPort(options.port());
        connector.setIdleTimeout(options.idleTimeout().toMillis());
        connector.setAcceptQueueSize(1024);
        server.addConnector(connector);
        server.setHandler(new Dispatch(router, options.maxBodyBytes()));
    }

    /** Binds and starts accepting. */
    public static HttpServer start(Options options, Router router) throws IOException {
        HttpServer s = new HttpServer(options, router);
        try {
            s.server.start();
        } catch (IOException e) {
            s.close();
            throw e;
        } catch (Exception e) {
            s.close();
            throw new IOException("cannot start the HTTP server on " + options.host() + ":" + options.port() + ": "
                    + e.getMessage(), e);
        }
        return s;
    }

    public int port() {
        return connector.getLocalPort();
    }

    public String host() {
        return connector.getHost();
    }

    /** Requests being handled right now (streams included). */
    public int inFlight() {
        return inFlight.get();
    }

    /**
     * Graceful stop: close the listening socket at once (new connections are refused), let the
     * requests in flight finish for up to {@code drain}, then close everything still open.
     *
     * @return true when every request finished within the drain time
     */
    public boolean stop(Duration drain) throws InterruptedException {
        return stop(drain, () -> { }, Duration.ZERO);
    }

    /**
     * As {@link #stop(Duration)}, and when the drain time runs out with requests still open, runs
     * {@code atLimit} (say, to end each open stream with an error event) and gives them
     * {@code grace} more before closing.
     */
    public boolean stop(Duration drain, Runnable atLimit, Duration grace) throws InterruptedException {
        boolean clean = drain(drain);
        if (!clean) {
            atLimit.run();
            drain(grace);
        }
        close();
        return clean;
    }

    private boolean drain(Duration drain) throws InterruptedException {
        for (Connector c : server.getConnectors()) {
            if (c instanceof ServerConnector sc) sc.close();
        }
        long deadline = System.nanoTime() + drain.toNanos();
        boolean clean;
        synchronized (drained) {
            while (inFlight.get() > 0 && System.nanoTime() < deadline) {
                drained.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
            }
            clean = inFlight.get() == 0;
        }
        return clean;
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            // stopping is best effort: the JVM may be exiting, and nothing waits on this server any more
        }
    }

    private final class Dispatch extends org.eclipse.jetty.server.Handler.Abstract {
        private final Router router;
        private final long maxBodyBytes;

        Dispatch(Router router, long maxBodyBytes) {
            this.router = router;
            this.maxBodyBytes = maxBodyBytes;
        }

        @Override
        public boolean handle(Request request, Response response, Callback callback) {
            inFlight.incrementAndGet();
            Exchange exchange = new Exchange(request, response, maxBodyBytes);
            try {
                router.find(request.getMethod(), Request.getPathInContext(request)).handle(exchange);
                if (!exchange.committed()) exchange.respond(500, "text/plain; charset=utf-8", "no response\n");
                exchange.finish();
                exchange.releaseWatch();
                callback.succeeded();
            } catch (Throwable e) {
                exchange.releaseWatch();
                if (!exchange.committed()) {
                    Response.writeError(request, response, callback, 500, "internal error");
                } else {
                    callback.failed(e); // a started stream is aborted: the client sees the connection end
                }
                if (e instanceof InterruptedException) Thread.currentThread().interrupt();
            } finally {
                if (inFlight.decrementAndGet() == 0) {
                    synchronized (drained) {
                        drained.notifyAll();
                    }
                }
            }
            return true;
        }
    }
}

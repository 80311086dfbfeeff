package dev.hermes.provider.http;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.Locale;

/**
 * The HTTP/1.1 client library under every model call, behind one small seam so it can be chosen
 * by measurement (docs/benchmarks.md, "Upstream HTTP client"). A request is described as a JDK
 * {@link HttpRequest} (its builder validates header names the same way for every engine) plus the
 * body bytes; the answer is the status, headers and a body stream read on the caller's thread.
 *
 * <p>The watchdog guarantees rest on two things every engine must do: {@link Call#cancel()}
 * unblocks a caller waiting in {@link Call#await()} at once, and {@link Head#close()}, from any
 * thread, unblocks a read of the body within milliseconds (it drops the connection).
 */
public interface HttpEngine {

    /** Which engine {@link #create} builds unless {@code -Dhermes.http.engine=okhttp|jdk} says otherwise. */
    String DEFAULT = "okhttp";

    /** Starts sending {@code request} with {@code body}; returns at once. */
    Call start(HttpRequest request, byte[] body);

    /** Refuses new requests; exchanges already open go on until they end. */
    void shutdown();

    /** Refuses new requests and drops every connection. */
    void shutdownNow();

    /** One exchange on its way to the response head. */
    interface Call {
        /**
         * Blocks until the response head arrived.
         *
         * @throws java.util.concurrent.CancellationException after {@link #cancel()}
         * @throws IOException                                when the exchange failed
         */
        Head await() throws IOException, InterruptedException;

        /** From any thread: the waiting caller fails at once; a head arriving later is closed. */
        void cancel();
    }

    /** A response head and its body, still to be read. */
    interface Head extends AutoCloseable {
        int status();

        HttpHeaders headers();

        /** The body; read it from one thread. */
        InputStream body();

        /** Drops the exchange from any thread, unblocking a read of the body; idempotent. */
        @Override
        void close();
    }

    /** A new engine of the configured kind with this connect timeout. */
    static HttpEngine create(Duration connectTimeout) {
        String kind = System.getProperty("hermes.http.engine", DEFAULT).toLowerCase(Locale.ROOT);
        return switch (kind) {
            case "jdk" -> new JdkHttpEngine(connectTimeout);
            case "okhttp" -> new OkHttpEngine(connectTimeout);
            default -> throw new IllegalArgumentException("-Dhermes.http.engine: unknown engine '" + kind
                    + "' (known: okhttp, jdk)");
        };
    }
}

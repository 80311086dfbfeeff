package dev.hermes.provider.http;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * The JDK's {@link HttpClient} (HTTP/1.1, no redirects). Its selector thread reads the sockets and
 * a worker pool hands each chunk to the body stream: measured at about twice the CPU per streamed
 * delta of {@link OkHttpEngine}, so it is the fallback engine, kept for A/B measurement.
 */
final class JdkHttpEngine implements HttpEngine {

    private final HttpClient client;

    JdkHttpEngine(Duration connectTimeout) {
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    @Override
    public Call start(HttpRequest request, byte[] body) {
        HttpRequest withBody = HttpRequest.newBuilder(request, (name, value) -> true)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        CompletableFuture<HttpResponse<InputStream>> future =
                client.sendAsync(withBody, HttpResponse.BodyHandlers.ofInputStream());
        return new Call() {
            @Override
            public Head await() throws IOException, InterruptedException {
                try {
                    return new JdkHead(future.get());
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof IOException io) throw io;
                    throw new IOException(e.getCause());
                }
            }

            @Override
            public void cancel() {
                future.cancel(true); // the JDK client aborts the exchange, dropping its connection
            }
        };
    }

    @Override
    public void shutdown() {
        client.shutdown();
    }

    @Override
    public void shutdownNow() {
        client.shutdownNow();
    }

    private record JdkHead(HttpResponse<InputStream> response) implements Head {
        public int status() {
            return response.statusCode();
        }

        public HttpHeaders headers() {
            return response.headers();
        }

        public InputStream body() {
            return response.body();
        }

        /** The JDK client's body stream wakes its reader on close. */
        public void close() {
            closeQuietly(response.body());
        }
    }

    private static void closeQuietly(InputStream in) {
        try {
            in.close();
        } catch (IOException ignored) {
            // the connection is being dropped anyway
        }
    }
}

package dev.hermes.bench;

import io.helidon.http.HeaderNames;
import io.helidon.webclient.api.HttpClientResponse;
import io.helidon.webclient.api.WebClient;
import okhttp3.Call;
import okhttp3.ConnectionPool;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.RequestBody;
import org.eclipse.jetty.client.BytesRequestContent;
import org.eclipse.jetty.client.InputStreamResponseListener;
import org.eclipse.jetty.http.HttpMethod;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The HTTP clients measured against each other for streaming a response body: each POSTs JSON
 * and hands back the body as an {@link InputStream} once 2xx headers arrived, plus the means to
 * abort it from another thread (what our watchdog does to a stalled read).
 */
final class RawClients {

    private RawClients() {
    }

    /** An open streaming response. */
    record Opened(InputStream body, Runnable abort) {
    }

    interface RawClient extends AutoCloseable {
        String name();

        Opened post(URI uri, byte[] json) throws Exception;

        @Override
        void close() throws Exception;
    }

    static List<RawClient> all() throws Exception {
        return List.of(new Jdk(), new Helidon(), new Jetty(), new OkHttp());
    }

    /** java.net.http.HttpClient exactly as HttpTransport uses it: HTTP/1.1, sendAsync, ofInputStream. */
    static final class Jdk implements RawClient {
        private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).build();

        public String name() {
            return "JDK HttpClient (" + Runtime.version().feature() + ")";
        }

        public Opened post(URI uri, byte[] json) throws Exception {
            HttpRequest request = HttpRequest.newBuilder(uri).POST(HttpRequest.BodyPublishers.ofByteArray(json))
                    .header("Content-Type", "application/json").header("Accept", "text/event-stream").build();
            HttpResponse<InputStream> r = client.sendAsync(request, HttpResponse.BodyHandlers.ofInputStream()).get();
            if (r.statusCode() != 200) throw new IOException("status " + r.statusCode());
            InputStream body = r.body();
            return new Opened(body, () -> closeQuietly(body));
        }

        public void close() {
            client.shutdownNow();
        }
    }

    /** Helidon SE 4 WebClient: blocking I/O on the calling (virtual) thread. */
    static final class Helidon implements RawClient {
        private final WebClient client = WebClient.builder().connectTimeout(Duration.ofSeconds(10))
                .shareConnectionCache(false).build();

        public String name() {
            return "Helidon WebClient 4.5.0";
        }

        public Opened post(URI uri, byte[] json) {
            HttpClientResponse r = client.post(uri.toString()).header(HeaderNames.CONTENT_TYPE, "application/json")
                    .header(HeaderNames.ACCEPT, "text/event-stream").submit(json);
            if (r.status().code() != 200) throw new IllegalStateException("status " + r.status());
            return new Opened(r.inputStream(), r::close);
        }

        public void close() {
            client.closeResource();
        }
    }

    /** Jetty 12 HttpClient: selector threads, the body handed to the reader through a queue. */
    static final class Jetty implements RawClient {
        private final org.eclipse.jetty.client.HttpClient client = new org.eclipse.jetty.client.HttpClient();

        Jetty() throws Exception {
            client.setMaxConnectionsPerDestination(4096);
            client.setMaxRequestsQueuedPerDestination(8192);
            client.start();
        }

        public String name() {
            return "Jetty HttpClient 12.1.14";
        }

        public Opened post(URI uri, byte[] json) throws Exception {
            InputStreamResponseListener listener = new InputStreamResponseListener();
            client.newRequest(uri).method(HttpMethod.POST).headers(h -> h.put("Accept", "text/event-stream"))
                    .body(new BytesRequestContent("application/json", json)).send(listener);
            var r = listener.get(30, TimeUnit.SECONDS);
            if (r.getStatus() != 200) throw new IOException("status " + r.getStatus());
            InputStream body = listener.getInputStream();
            return new Opened(body, () -> closeQuietly(body));
        }

        public void close() throws Exception {
            client.stop();
        }
    }

    /** OkHttp 4 (what openai-java and anthropic-java use): blocking I/O on the calling thread. */
    static final class OkHttp implements RawClient {
        private static final MediaType JSON = MediaType.get("application/json");
        private final OkHttpClient client = new OkHttpClient.Builder()
                .connectionPool(new ConnectionPool(64, 1, TimeUnit.MINUTES))
                .readTimeout(Duration.ZERO).build();

        public String name() {
            return "OkHttp 4.12.0";
        }

        public Opened post(URI uri, byte[] json) throws IOException {
            Call call = client.newCall(new okhttp3.Request.Builder().url(uri.toString())
                    .header("Accept", "text/event-stream").post(RequestBody.create(json, JSON)).build());
            okhttp3.Response r = call.execute();
            if (r.code() != 200) throw new IOException("status " + r.code());
            return new Opened(r.body().byteStream(), call::cancel);
        }

        public void close() {
            client.dispatcher().executorService().shutdown();
            client.connectionPool().evictAll();
        }
    }

    static void closeQuietly(InputStream in) {
        try {
            in.close();
        } catch (IOException ignored) {
            // the exchange is being dropped
        }
    }
}

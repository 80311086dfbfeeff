package dev.hermes.provider.http;

import dev.hermes.llm.ApiError;
import dev.hermes.stream.AttemptListener;
import dev.hermes.provider.Credential;
import dev.hermes.provider.CredentialSource;
import dev.hermes.provider.Endpoint;
import dev.hermes.provider.ModelCallException;
import dev.hermes.provider.StreamClosedException;
import dev.hermes.provider.WireListener;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Sends one JSON POST to a provider and hands back the open response; shared by the wire clients.
 *
 * <p>For every request it asks the {@link CredentialSource} for the current key (never cached),
 * sets auth headers per {@link Endpoint#auth()}, and reports the key it sends and the attempt's
 * life signs to the {@link WireListener}. A non-2xx answer becomes a {@link ModelCallException} with the parsed
 * {@link ApiError}; on 401, 402 and 429 the key is reported {@link CredentialSource#rejected}.
 * Exception messages name the provider and URL, never a key.
 *
 * <p>Thread-safe. {@link #close()} closes every response still open.
 */
public final class HttpTransport implements AutoCloseable {

    /** Non-2xx bodies are read up to this many bytes: enough for any error message. */
    public static final int ERROR_BODY_CAP = 64 * 1024;

    private final Endpoint endpoint;
    private final CredentialSource credentials;
    private final HttpEngine engine;
    private final boolean ownsEngine;
    private final Clock wallClock;
    private final Set<OpenResponse> open = ConcurrentHashMap.newKeySet();

    /**
     * @param engine the engine to use, or null to build one (the endpoint's connect timeout) that
     *               {@link #close()} then shuts down
     */
    public HttpTransport(Endpoint endpoint, CredentialSource credentials, HttpEngine engine, Clock wallClock) {
        this.endpoint = endpoint;
        this.credentials = credentials;
        this.ownsEngine = engine == null;
        this.engine = engine != null ? engine : HttpEngine.create(endpoint.connectTimeout());
        this.wallClock = wallClock;
    }

    public Endpoint endpoint() {
        return endpoint;
    }

    /**
     * POSTs {@code json} to {@code uri} and returns once 2xx headers arrived. Calls
     * {@code listener.requestStarted} before sending and {@code headersReceived} when headers
     * arrive; the abort given there closes the returned response.
     *
     * @param accept      the Accept header ("text/event-stream" or "application/json")
     * @param wireHeaders headers the wire format requires (e.g. anthropic-version)
     * @throws ModelCallException for a non-2xx answer, a transport failure, or an abort (its cause
     *                            then is a {@link StreamClosedException})
     */
    public OpenResponse post(URI uri, byte[] json, String accept, Map<String, String> wireHeaders,
                             WireListener listener) {
        Credential credential = credentials.acquire();
        listener.credentialUsed(credential);
        HttpRequest request = buildRequest(uri, accept, wireHeaders, credential);

        AtomicBoolean aborted = new AtomicBoolean();
        AtomicReference<HttpEngine.Call> pending = new AtomicReference<>();
        listener.requestStarted(() -> {
            aborted.set(true);
            HttpEngine.Call call = pending.get();
            if (call != null) call.cancel();
        });
        HttpEngine.Call call = engine.start(request, json);
        pending.set(call);
        if (aborted.get()) call.cancel();

        OpenResponse opened = new OpenResponse(await(call, aborted, uri), open::remove);
        open.add(opened);
        int status = opened.status();
        listener.headersReceived(status, opened::close);
        if (status / 100 == 2) return opened;

        try (opened) {
            String body = readCapped(opened, listener, ERROR_BODY_CAP, uri);
            ApiError error = ApiErrors.fromResponse(status, opened.headers(), body, wallClock.instant());
            if (ApiErrors.isPlain(body)) error = error.withMessage(error.message() + " (from " + Urls.display(uri) + ")");
            throw new ModelCallException(error);
        }
    }

    /**
     * Reads a body up to {@code cap} bytes, reporting bytes to the listener.
     *
     * @throws ModelCallException when reading fails or the response was closed (cause
     *                            {@link StreamClosedException})
     */
    public String readCapped(OpenResponse response, AttemptListener listener, int cap, URI uri) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        try {
            InputStream in = response.body();
            while (out.size() < cap) {
                int n = in.read(buffer);
                if (n < 0) break;
                listener.bytesReceived(n);
                out.write(buffer, 0, Math.min(n, cap - out.size()));
            }
        } catch (IOException e) {
            if (!response.isClosed()) throw transportFailure(uri, e);
        }
        if (response.isClosed() && out.size() < cap) {
            throw closedFailure(uri);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    /** The request head; the engine sends the body with it. */
    private HttpRequest buildRequest(URI uri, String accept, Map<String, String> wireHeaders, Credential credential) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri)
                .POST(HttpRequest.BodyPublishers.noBody())
                .header("Content-Type", "application/json")
                .header("Accept", accept);
        wireHeaders.forEach(builder::header);
        AuthHeaders.apply(builder, endpoint, credential);
        return builder.build();
    }

    private HttpEngine.Head await(HttpEngine.Call call, AtomicBoolean aborted, URI uri) {
        try {
            return call.await();
        } catch (CancellationException e) {
            throw closedFailure(uri);
        } catch (IOException | RuntimeException e) {
            if (aborted.get()) throw closedFailure(uri);
            throw transportFailure(uri, e);
        } catch (InterruptedException e) {
            call.cancel();
            Thread.currentThread().interrupt();
            throw new ModelCallException(where(uri) + " interrupted while waiting for the response", e);
        }
    }

    private ModelCallException closedFailure(URI uri) {
        return new ModelCallException(where(uri) + " aborted on our side",
                new StreamClosedException("the attempt was aborted"));
    }

    /**
     * A transport failure, named by provider and URL; the cause's own message carries no headers.
     * An unknown host and a refused connection are said in the user's words, naming host and
     * port (the JDK reports them as UnresolvedAddressException and ClosedChannelException).
     */
    public ModelCallException transportFailure(URI uri, Throwable cause) {
        if (causedBy(cause, java.nio.channels.UnresolvedAddressException.class) || causedBy(cause, java.net.UnknownHostException.class)) {
            return new ModelCallException(where(uri) + ": host " + uri.getHost() + " does not resolve (port " + Urls.port(uri) + ")", cause);
        }
        if (causedBy(cause, java.net.ConnectException.class)) {
            return new ModelCallException(where(uri) + ": nothing is listening on " + uri.getHost() + " port " + Urls.port(uri), cause);
        }
        String detail = cause.getMessage() == null ? "" : ": " + cause.getMessage();
        return new ModelCallException(where(uri) + " failed: " + cause.getClass().getSimpleName() + detail, cause);
    }

    private static boolean causedBy(Throwable thrown, Class<? extends Throwable> type) {
        for (Throwable t = thrown; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) return true;
        }
        return false;
    }

    /** "provider: POST scheme://host:port/path", with any query string or user info left out. */
    public String where(URI uri) {
        return endpoint.provider() + ": POST " + Urls.display(uri);
    }

    /** Closes open responses, then the engine if this transport built it. */
    @Override
    public void close() {
        for (OpenResponse response : open) response.close();
        if (ownsEngine) engine.shutdownNow();
    }
}

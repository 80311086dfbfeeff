package dev.hermes.doctor;

import dev.hermes.provider.Credential;
import dev.hermes.provider.Endpoint;
import dev.hermes.provider.clients.ModelClients;
import dev.hermes.provider.http.Urls;

import javax.net.ssl.SSLException;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One reachability check: {@link ModelClients#modelListRequest} (the model call's own auth
 * headers), bounded by {@code timeout} from start to response headers. Only the status is used:
 * the body is closed unread, so a server that stalls after its headers cannot hold the check.
 */
final class ReachProbe {

    private ReachProbe() {
    }

    /** Never throws; every failure becomes a {@link Reach} in plain words. */
    static Reach probe(HttpClient http, Endpoint endpoint, Credential credential, KeyCheck key, Duration timeout) {
        HttpRequest request;
        try {
            request = ModelClients.modelListRequest(endpoint, credential, timeout);
        } catch (IllegalArgumentException e) {
            return new Reach(Reach.Kind.NOT_CHECKED, Urls.display(endpoint.baseUrl()), 0, "not checked: " + e.getMessage());
        }
        String url = Urls.display(request.uri());
        CompletableFuture<HttpResponse<InputStream>> pending = http.sendAsync(request, HttpResponse.BodyHandlers.ofInputStream());
        try {
            HttpResponse<InputStream> response = pending.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
            closeQuietly(response.body());
            return Reach.ofStatus(url, response.statusCode(), key);
        } catch (TimeoutException e) {
            pending.cancel(true);
            return Reach.timedOut(url, timeout, "no answer");
        } catch (ExecutionException e) {
            return failure(url, e.getCause(), timeout);
        } catch (InterruptedException e) {
            pending.cancel(true);
            Thread.currentThread().interrupt();
            return new Reach(Reach.Kind.NOT_CHECKED, url, 0, "not checked: interrupted");
        }
    }

    /** Names the kind of transport failure: timeout, DNS, TLS, refused, or else the exception. */
    static Reach failure(String url, Throwable error, Duration timeout) {
        for (Throwable c = error; c != null; c = c.getCause()) {
            if (c instanceof HttpConnectTimeoutException) return Reach.timedOut(url, timeout, "could not connect");
            if (c instanceof HttpTimeoutException) return Reach.timedOut(url, timeout, "no answer");
            if (c instanceof UnknownHostException || c instanceof UnresolvedAddressException) {
                return new Reach(Reach.Kind.DNS, url, 0, "unreachable: host name not found (DNS)");
            }
            if (c instanceof SSLException) {
                return new Reach(Reach.Kind.TLS, url, 0, "unreachable: TLS handshake failed" + detail(c));
            }
        }
        for (Throwable c = error; c != null; c = c.getCause()) {
            if (c instanceof ConnectException) {
                String m = c.getMessage() == null ? "" : c.getMessage();
                return m.isEmpty() || m.toLowerCase(Locale.ROOT).contains("refused")
                        ? new Reach(Reach.Kind.REFUSED, url, 0, "unreachable: connection refused (nothing listens there)")
                        : new Reach(Reach.Kind.TRANSPORT, url, 0, "unreachable: could not connect (" + m + ")");
            }
        }
        return new Reach(Reach.Kind.TRANSPORT, url, 0, "unreachable: " + error.getClass().getSimpleName() + detail(error));
    }

    private static String detail(Throwable t) {
        return t.getMessage() == null ? "" : " (" + t.getMessage() + ")";
    }

    private static void closeQuietly(InputStream in) {
        try {
            in.close();
        } catch (IOException ignored) {
            // only the status mattered
        }
    }
}

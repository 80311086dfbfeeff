package dev.hermes.doctor;

import dev.hermes.llm.ApiError;
import dev.hermes.llm.ChatRequest;
import dev.hermes.llm.ChatResponse;
import dev.hermes.llm.Message;
import dev.hermes.provider.MissingCredentialException;
import dev.hermes.provider.ModelCallException;
import dev.hermes.provider.ModelClient;
import dev.hermes.provider.clients.ModelClients;
import dev.hermes.provider.Route;
import dev.hermes.provider.WireListener;
import dev.hermes.provider.http.Urls;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@code --deep}: sends one tiny non-streaming chat request through the route's real client
 * ({@link ModelClients}), bounded by {@code timeout}. At the deadline the attempt is aborted
 * through the abort hook the client hands its {@link WireListener}, and the client is closed,
 * so no call outlives the check.
 */
final class DeepProbe {
    static final int MAX_TOKENS = 8;
    private static final int EXCERPT = 60;

    private DeepProbe() {
    }

    /** Never throws; the outcome is in plain words. */
    static Deep run(Route route, Duration timeout) {
        ChatRequest request = new ChatRequest(route.model(), List.of(Message.user(Doctor.DEEP_PROMPT)), List.of(), MAX_TOKENS, null);
        AtomicReference<Runnable> abort = new AtomicReference<>(() -> { });
        WireListener listener = new WireListener() {
            @Override
            public void requestStarted(Runnable a) {
                abort.set(a);
            }

            @Override
            public void headersReceived(int status, Runnable a) {
                abort.set(a);
            }
        };
        try (ModelClient client = ModelClients.create(route.endpoint(), route.credentials())) {
            CompletableFuture<ChatResponse> answer = new CompletableFuture<>();
            Thread call = Thread.ofVirtual().name("hermes-doctor-deep").start(() -> {
                try {
                    answer.complete(client.complete(request, listener));
                } catch (RuntimeException e) {
                    answer.completeExceptionally(e);
                }
            });
            try {
                ChatResponse r = answer.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
                return new Deep(Severity.OK, "the model answered: \"" + excerpt(r.text()) + "\"");
            } catch (TimeoutException e) {
                abort.get().run();
                call.interrupt();
                return new Deep(Severity.UNREACHABLE, "the model did not answer within " + Seconds.text(timeout));
            } catch (ExecutionException e) {
                return failed(e.getCause(), Urls.display(route.endpoint().baseUrl()), timeout);
            } catch (InterruptedException e) {
                abort.get().run();
                Thread.currentThread().interrupt();
                return new Deep(Severity.UNREACHABLE, "not run: interrupted");
            }
        }
    }

    private static Deep failed(Throwable cause, String url, Duration timeout) {
        if (cause instanceof MissingCredentialException) return new Deep(Severity.CONFIG, "not run: no API key");
        if (cause instanceof ModelCallException m && m.apiError() != null) {
            ApiError error = m.apiError();
            boolean auth = error.httpStatus() == 401 || error.httpStatus() == 403;
            return new Deep(auth ? Severity.CONFIG : Severity.UNREACHABLE, "the model call failed: " + error.describe());
        }
        if (cause instanceof ModelCallException m && m.getCause() != null) {
            // a transport failure: named the way the reachability check names it (refused, DNS, TLS, ...)
            return new Deep(Severity.UNREACHABLE, "the model call failed: " + ReachProbe.failure(url, m.getCause(), timeout).detail());
        }
        return new Deep(Severity.UNREACHABLE, "the model call failed: " + cause.getMessage());
    }

    private static String excerpt(String text) {
        String t = text == null ? "" : text.strip().replaceAll("\\s+", " ");
        return t.length() <= EXCERPT ? t : t.substring(0, EXCERPT) + "…";
    }
}

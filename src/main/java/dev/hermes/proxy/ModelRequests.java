package dev.hermes.proxy;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.hermes.app.App;
import dev.hermes.config.Routes;
import dev.hermes.failover.AttemptRecord;
import dev.hermes.failover.CallFailedException;
import dev.hermes.failover.CallObserver;
import dev.hermes.failover.CallResult;
import dev.hermes.failover.ModelCaller;
import dev.hermes.failover.Reason;
import dev.hermes.failover.WorstCase;
import dev.hermes.server.BodyTooLargeException;
import dev.hermes.server.Exchange;
import dev.hermes.util.Json;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * One model request, either wire: authenticate, admit, parse, pick the chain, call with failover,
 * answer (or stream) in the client's wire, and account for it in the metrics and the access log.
 */
final class ModelRequests {

    private static final String UNAUTHORIZED =
            "missing or unknown API key: send the proxy's client key as 'Authorization: Bearer KEY' or 'x-api-key: KEY'";

    private final Supplier<ProxyServer.State> state;
    private final ProxyMetrics metrics;
    private final AccessLog accessLog;
    private final Set<Thread> active;

    ModelRequests(Supplier<ProxyServer.State> state, ProxyMetrics metrics, AccessLog accessLog, Set<Thread> active) {
        this.state = state;
        this.metrics = metrics;
        this.accessLog = accessLog;
        this.active = active;
    }

    /** The request's bookkeeping, filled in as it goes. */
    private static final class Entry {
        final long started = System.nanoTime();
        final String id = App.newRequestId();
        String key;
        String model;
        String route;
        List<AttemptRecord> attempts = List.of();
        int status;
        String outcome;
        boolean stream;
        Relay relay;
    }

    /** True when the request carries a known client key; otherwise answers 401 in the wire's format. */
    boolean authorized(Exchange ex, ClientWire wire) throws IOException {
        if (state.get().config().keys().authenticate(ex.header("authorization"), ex.header("x-api-key")) != null) return true;
        ex.respond(401, "application/json", wire.errorBody(401, UNAUTHORIZED));
        return false;
    }

    void serve(Exchange ex, ClientWire wire) throws IOException {
        ProxyServer.State s = state.get();
        Entry e = new Entry();
        e.key = s.config().keys().authenticate(ex.header("authorization"), ex.header("x-api-key"));
        ex.header("x-request-id", e.id);
        try {
            if (e.key == null) {
                reject(ex, wire, e, 401, "unauthorized", UNAUTHORIZED);
            } else if (!s.admission().tryAcquire()) {
                reject(ex, wire, e, wire.overloadStatus(), "overloaded", "the proxy is serving its limit of "
                        + s.config().maxConcurrentRequests() + " requests (proxy.max_concurrent_requests); retry shortly");
            } else {
                try {
                    admitted(ex, wire, s, e);
                } finally {
                    s.admission().release();
                }
            }
        } finally {
            long total = System.nanoTime() - e.started;
            long ttft = e.relay == null ? -1 : e.relay.firstTokenNanos();
            accessLog.write(e.id, e.key, wire.name(), e.model, e.route, e.attempts.size(), e.status, e.outcome, e.stream,
                    ttft, total);
        }
    }

    private void admitted(Exchange ex, ClientWire wire, ProxyServer.State s, Entry e) throws IOException {
        ClientWire.Parsed parsed;
        try {
            JsonNode body = Json.MAPPER.readTree(ex.body());
            if (body == null || !body.isObject()) throw new BadRequestException("the body must be a JSON object");
            parsed = wire.parse(body);
        } catch (BodyTooLargeException tooLarge) {
            reject(ex, wire, e, 413, "too_large", tooLarge.getMessage() + " (proxy.max_body_bytes)");
            return;
        } catch (JacksonException bad) {
            reject(ex, wire, e, 400, "bad_request", "the body is not valid JSON: " + bad.getOriginalMessage());
            return;
        } catch (BadRequestException bad) {
            reject(ex, wire, e, 400, "bad_request", bad.getMessage());
            return;
        }
        e.model = parsed.model();
        e.stream = parsed.stream();
        Routes.Plan plan = s.catalog().plan(parsed.model()).orElse(null);
        if (plan == null) {
            reject(ex, wire, e, 404, "unknown_model", "model '" + parsed.model() + "' is not served here; GET /v1/models lists "
                    + String.join(", ", s.catalog().names()));
            return;
        }
        metrics.requestStarted();
        try {
            call(ex, wire, s, e, parsed, plan);
        } finally {
            metrics.requestFinished(wire.name(), e.route == null ? "none" : e.route, e.status,
                    e.relay != null && e.relay.continued() && e.status == 200,
                    e.relay == null ? -1 : e.relay.firstTokenNanos(), System.nanoTime() - e.started);
        }
    }

    private void call(Exchange ex, ClientWire wire, ProxyServer.State s, Entry e, ClientWire.Parsed parsed, Routes.Plan plan)
            throws IOException {
        Duration worst = WorstCase.forCall(chain(plan), parsed.request(), s.app().failover(e.id));
        ModelCaller caller = s.app().caller(plan, e.id, worst);
        String responseId = (wire instanceof OpenAiWire ? "chatcmpl-" : "msg_") + e.id;
        e.relay = parsed.stream() ? new Relay(ex, wire, responseId, parsed.model(), parsed.includeUsage()) : null;
        Thread me = Thread.currentThread();
        active.add(me);
        ex.onClientGone(me::interrupt);
        try {
            CallObserver observer = e.relay != null ? e.relay : CallObserver.NONE;
            CallResult result = caller.call(parsed.request(), observer.alsoTelling(metrics.attempts()));
            e.attempts = result.attempts();
            e.route = result.attempts().getLast().route();
            if (e.relay != null && e.relay.replayIncomplete()) {
                fail(ex, wire, e, 502, "contradiction", "the answer was restarted on " + e.route
                        + " and ended before repeating the text already sent; there is no clean continuation");
            } else if (e.relay != null) {
                e.relay.open().finish(result.response(), result.totalUsage());
                answered(e);
            } else {
                ex.respond(200, "application/json", wire.response(responseId, parsed.model(), result.response(), result.totalUsage()));
                answered(e);
            }
        } catch (CallFailedException failed) {
            e.attempts = failed.attempts();
            fail(ex, wire, e, statusFor(failed), failed.finalReason() == null ? "failed" : failed.finalReason().id(),
                    failed.getMessage());
        } catch (InterruptedException interrupted) {
            Thread.interrupted(); // clear it: the error event below must still be written
            if (ex.isClientGone() || (e.relay != null && e.relay.stop() == Relay.Stop.CLIENT_GONE)) {
                e.status = 499;
                e.outcome = "client_gone";
            } else if (e.relay != null && e.relay.stop() == Relay.Stop.CONTRADICTION) {
                fail(ex, wire, e, 502, "contradiction", "the answer had to be restarted on another route, which said something "
                        + "other than the text already sent; there is no clean continuation");
            } else {
                fail(ex, wire, e, 503, "shutdown", "the proxy is shutting down; the answer is incomplete");
            }
        } finally {
            active.remove(me);
            Thread.interrupted();
        }
    }

    private static List<dev.hermes.provider.Route> chain(Routes.Plan plan) {
        return java.util.stream.Stream.concat(java.util.stream.Stream.of(plan.primary()), plan.fallbacks().stream()).toList();
    }

    private static void answered(Entry e) {
        e.status = 200;
        e.outcome = "answered";
    }

    /** An error after admission: an HTTP error before the stream started, the wire's error event after. */
    private static void fail(Exchange ex, ClientWire wire, Entry e, int status, String outcome, String message) throws IOException {
        e.status = status;
        e.outcome = outcome;
        if (ex.isClientGone()) return;
        if (e.relay != null && e.relay.started()) e.relay.open().error(status, message);
        else ex.respond(status, "application/json", wire.errorBody(status, message));
    }

    private void reject(Exchange ex, ClientWire wire, Entry e, int status, String outcome, String message) throws IOException {
        e.status = status;
        e.outcome = outcome;
        metrics.rejected(wire.name(), status);
        ex.respond(status, "application/json", wire.errorBody(status, message));
    }

    /** Rate limits stay 429 so clients back off; a request that cannot succeed as sent is the client's 400; the rest 502. */
    static int statusFor(CallFailedException e) {
        if (e.rateLimited()) return 429;
        Reason r = e.finalReason();
        if (r == Reason.CONTEXT_OVERFLOW || r == Reason.PAYLOAD_TOO_LARGE || r == Reason.FORMAT_ERROR) return 400;
        return 502;
    }
}

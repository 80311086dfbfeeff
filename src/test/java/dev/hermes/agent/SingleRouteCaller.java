package dev.hermes.agent;

import dev.hermes.failover.AttemptRecord;
import dev.hermes.failover.CallFailedException;
import dev.hermes.failover.CallObserver;
import dev.hermes.failover.CallResult;
import dev.hermes.failover.ModelCaller;
import dev.hermes.failover.Reason;
import dev.hermes.llm.ApiError;
import dev.hermes.llm.ChatRequest;
import dev.hermes.llm.StreamEvent;
import dev.hermes.provider.AuthStyle;
import dev.hermes.provider.CredentialSource;
import dev.hermes.provider.Endpoint;
import dev.hermes.provider.EventStream;
import dev.hermes.provider.ModelCallException;
import dev.hermes.provider.ModelClient;
import dev.hermes.provider.ModelClients;
import dev.hermes.provider.WireApi;
import dev.hermes.stream.StreamAssembler;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * A test-only {@link ModelCaller}: one streaming attempt on one route, no retries. The stream is
 * read on a virtual thread and handed to the calling thread through a queue, so the observer is
 * called on the caller's thread and an interrupt of the caller closes the stream at once.
 */
final class SingleRouteCaller implements ModelCaller, AutoCloseable {

    private final ModelClient client;
    private final String provider;

    SingleRouteCaller(URI baseUrl) {
        this.provider = "scripted";
        this.client = ModelClients.create(new Endpoint(provider, baseUrl, WireApi.CHAT_COMPLETIONS, AuthStyle.NONE,
                Map.of(), Duration.ofSeconds(2)), CredentialSource.NONE);
    }

    @Override
    public CallResult call(ChatRequest request, CallObserver observer) throws InterruptedException {
        long start = System.nanoTime();
        String route = provider + "/" + request.model();
        EventStream stream;
        try {
            stream = client.openStream(request, dev.hermes.stream.AttemptListener.NONE);
        } catch (ModelCallException e) {
            throw failed(route, e.apiError(), e.getMessage(), start);
        }
        BlockingQueue<Object> queue = new LinkedBlockingQueue<>();
        Object end = new Object();
        Thread.ofVirtual().start(() -> {
            try {
                for (StreamEvent ev = stream.next(); ev != null; ev = stream.next()) queue.add(ev);
                queue.add(end);
            } catch (Exception e) {
                queue.add(e);
            }
        });
        StreamAssembler assembler = new StreamAssembler();
        try {
            while (true) {
                Object item = queue.take();
                if (item == end) break;
                if (item instanceof Exception e) throw failed(route, null, "stream failed: " + e, start);
                StreamEvent ev = (StreamEvent) item;
                assembler.accept(ev);
                if (ev instanceof StreamEvent.TextDelta d) observer.text(d.text());
                if (ev instanceof StreamEvent.ReasoningDelta d && !d.text().isEmpty()) observer.reasoning(d.text());
            }
        } catch (InterruptedException e) {
            stream.close();
            throw e;
        }
        stream.close();
        if (!assembler.finished()) {
            throw failed(route, assembler.error(), "stream ended without a terminal event", start);
        }
        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
        return new CallResult(assembler.response(provider, request.model()),
                List.of(new AttemptRecord(route, null, "answered", elapsed)), assembler.usage());
    }

    private static CallFailedException failed(String route, ApiError error, String detail, long start) {
        Reason reason = error != null && error.message().contains("context length") ? Reason.CONTEXT_OVERFLOW
                : error != null ? Reason.SERVER_ERROR : Reason.STREAM_CUT;
        AttemptRecord attempt = new AttemptRecord(route, reason, error != null ? error.describe() : detail,
                Duration.ofNanos(System.nanoTime() - start));
        return new CallFailedException("no answer from " + route, reason, List.of(attempt));
    }

    @Override
    public void close() {
        client.close();
    }
}

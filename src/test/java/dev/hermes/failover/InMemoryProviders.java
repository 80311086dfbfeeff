package dev.hermes.failover;

import dev.hermes.llm.ApiError;
import dev.hermes.llm.ChatRequest;
import dev.hermes.llm.ChatResponse;
import dev.hermes.llm.ContentBlock;
import dev.hermes.llm.FinishReason;
import dev.hermes.llm.Message;
import dev.hermes.llm.Role;
import dev.hermes.llm.StreamEvent;
import dev.hermes.llm.Usage;
import dev.hermes.provider.WireListener;
import dev.hermes.provider.AuthStyle;
import dev.hermes.provider.Credential;
import dev.hermes.provider.CredentialSource;
import dev.hermes.provider.Endpoint;
import dev.hermes.provider.EventStream;
import dev.hermes.stream.MalformedStreamException;
import dev.hermes.provider.ModelCallException;
import dev.hermes.provider.ModelClient;
import dev.hermes.provider.Route;
import dev.hermes.provider.StreamClosedException;
import dev.hermes.provider.WireApi;
import dev.hermes.provider.credentials.CredentialPool;
import dev.hermes.provider.credentials.KeyResolver;
import dev.hermes.provider.credentials.PoolStrategy;
import dev.hermes.stream.StreamTimeouts;
import dev.hermes.stream.StreamWatchdog;
import dev.hermes.util.MonotonicClock;

import java.io.IOException;
import java.net.SocketException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The in-memory harness: a {@link ClientFactory} of scripted wire clients, a settable clock, a
 * manual watchdog driven by that clock and a sleeper that advances it, so a whole failover call
 * (timeouts, backoffs, breakers, benches, rebuilds) runs through the production
 * {@link FailoverCaller} in microseconds. A scripted stream that "stalls" moves the clock past
 * the timer and lets the watchdog fire, exactly as the socket version would be cut.
 *
 * <p>Every route answers the same {@link #ANSWER} (text, or one {@code write_file} call whose
 * arguments are {@link #TOOL_ARGS}), continuing after a prefill that is a prefix of it, as the
 * simulator does; a route's {@link Fault} strikes its first {@code times} attempts.
 */
final class InMemoryProviders implements ClientFactory {

    static final String ANSWER = "Rivers carry water from the hills to the sea, and in winter some of them freeze "
            + "at the edges while the middle keeps moving under a thin skin of ice.";
    static final String TOOL_ARGS = "{\"path\":\"notes.txt\",\"content\":\"" + ANSWER + "\"}";
    static final StreamTimeouts TIMERS = new StreamTimeouts(Duration.ofMillis(500), Duration.ofSeconds(2),
            Duration.ofSeconds(3), Duration.ofSeconds(3), Duration.ofSeconds(5), Duration.ofSeconds(60));
    static final Backoff.Config BACKOFF = new Backoff.Config(Duration.ofMillis(100), Duration.ofSeconds(1),
            Backoff.Jitter.FULL, Duration.ofSeconds(2));
    static final long MAX_ANSWER_CHARS = 4_000;
    private static final int CHUNK = 12;

    /** How a route misbehaves; {@code where} says whether it strikes inside text or inside a tool call. */
    sealed interface Fault {
        record Healthy() implements Fault {
        }

        /** A non-2xx answer before any body. */
        record Http(int status, String type, String message, Duration retryAfter) implements Fault {
        }

        /** No response headers: the headers timer fires. */
        record NoHeaders() implements Fault {
        }

        /** The connection resets before headers. */
        record Reset() implements Fault {
        }

        /** After {@code after} content chunks: silence (content idle fires). */
        record Stall(int after) implements Fault {
        }

        /** After {@code after} content chunks: the body ends without its terminal event. */
        record Cut(int after) implements Fault {
        }

        /** After {@code after} content chunks: bytes that do not parse. */
        record Malformed(int after) implements Fault {
        }

        /** After {@code after} content chunks: an error event in the 200 stream. */
        record StreamError(int after, String type, String message) implements Fault {
        }

        /** After {@code after} content chunks: MiniMax's output filter (1027) as an error event. */
        record Filter(int after) implements Fault {
        }

        /** After {@code after} content chunks: {@code finish_reason: content_filter}. */
        record FinishFilter(int after) implements Fault {
        }

        /** After {@code after} content chunks: the same delta forever. */
        record Endless(int after) implements Fault {
        }

        /** After {@code after} content chunks: one character a second, forever (never idle). */
        record Drip(int after) implements Fault {
        }
    }

    /** A route's script: its fault for the first {@code times} attempts (0: always), and whether it answers with a tool call. */
    record Script(Fault fault, int times, boolean tool) {
        boolean strikes(int attempt) {
            return !(fault instanceof Fault.Healthy) && (times == 0 || attempt <= times);
        }
    }

    final AtomicLong now = new AtomicLong(1_000_000_000L);
    final MonotonicClock clock = now::get;
    final StreamWatchdog watchdog = StreamWatchdog.manual(clock, Runnable::run);
    final List<Duration> slept = new CopyOnWriteArrayList<>();
    private final Map<String, Script> scripts = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> attempts = new ConcurrentHashMap<>();
    /** Every request, in order: which model, and the attempt number on it. */
    final List<String> requests = new CopyOnWriteArrayList<>();
    private final Map<String, CredentialPool> pools = new ConcurrentHashMap<>();

    void advance(Duration d) {
        now.addAndGet(d.toNanos());
    }

    /** A route {@code provider/model} answering by {@code script}; routes of one provider share its base URL and key pool. */
    Route route(String provider, WireApi wire, String model, int keys, Script script) {
        scripts.put(model, script);
        Endpoint endpoint = new Endpoint(provider, URI.create("https://" + provider + ".example/v1"), wire,
                keys == 0 ? AuthStyle.NONE : AuthStyle.BEARER, Map.of(), TIMERS.connect());
        CredentialSource credentials = keys == 0 ? CredentialSource.NONE
                : pools.computeIfAbsent(provider, p -> new CredentialPool(p, resolver(p, keys), PoolStrategy.FILL_FIRST,
                clock, new Random(1)));
        return new Route(endpoint, model, credentials, FailoverKit.settings(TIMERS));
    }

    private static KeyResolver resolver(String provider, int keys) {
        List<Credential> list = new ArrayList<>();
        for (int i = 1; i <= keys; i++) list.add(new Credential(secret(provider, i), "test", provider + "#" + i));
        return new KeyResolver() {
            @Override
            public List<Credential> resolve() {
                return list;
            }

            @Override
            public String describeMissing() {
                return "no key";
            }
        };
    }

    /** Every key contains "SECRET": no output may. */
    static String secret(String provider, int i) {
        return "sk-" + provider + "-SECRET-" + i;
    }

    FailoverSettings settings(int retries, boolean moveOnAfterTimeout) {
        Backoff backoff = new Backoff(BACKOFF, new Random(3), d -> {
            slept.add(d);
            advance(d);
        });
        return FailoverSettings.builder().retriesPerRoute(retries).backoff(backoff).clock(clock).clients(this)
                .watchdog(watchdog).session("prop").moveOnAfterTimeout(moveOnAfterTimeout).maxAnswerChars(MAX_ANSWER_CHARS)
                .build();
    }

    int attemptsOn(String model) {
        AtomicInteger n = attempts.get(model);
        return n == null ? 0 : n.get();
    }

    @Override
    public ModelClient clientFor(Route route) {
        return new ScriptedClient(route);
    }

    @Override
    public void rebuild(Route route) {
        route.credentials().acquire(route.key());
    }

    private final class ScriptedClient implements ModelClient {
        private final Route route;

        ScriptedClient(Route route) {
            this.route = route;
        }

        @Override
        public String provider() {
            return route.endpoint().provider();
        }

        @Override
        public EventStream openStream(ChatRequest request, WireListener listener) {
            int attempt = attempts.computeIfAbsent(route.model(), m -> new AtomicInteger()).incrementAndGet();
            requests.add(route.model() + "#" + attempt);
            Script script = scripts.get(route.model());
            Fault fault = script.strikes(attempt) ? script.fault() : new Fault.Healthy();
            ScriptedStream stream = new ScriptedStream(request, script.tool(), fault);
            listener.requestStarted(stream::close);
            listener.credentialUsed(route.credentials().acquire(route.key()));
            switch (fault) {
                case Fault.Http h -> throw new ModelCallException(new ApiError(h.status(), h.type(), null, h.message(),
                        h.retryAfter(), "{\"error\":{\"message\":\"" + h.message() + "\"}}"));
                case Fault.NoHeaders n -> {
                    advance(TIMERS.connect().plus(TIMERS.headers()).plusMillis(1));
                    watchdog.runDue();
                    throw new ModelCallException("aborted", new StreamClosedException("aborted"));
                }
                case Fault.Reset r -> throw new ModelCallException("failed", new SocketException("Connection reset"));
                default -> { }
            }
            listener.headersReceived(200, stream::close);
            return stream;
        }

        @Override
        public ChatResponse complete(ChatRequest request, WireListener listener) {
            throw new UnsupportedOperationException("the failover streams");
        }

        @Override
        public void close() {
        }
    }

    /** One scripted 200 stream: the answer in chunks (after any prefill), broken as the fault says. */
    private final class ScriptedStream implements EventStream {
        private final List<StreamEvent> events = new ArrayList<>();
        private final Fault fault;
        private final int breakAt;
        private int next;
        private int content;
        private volatile boolean closed;

        ScriptedStream(ChatRequest request, boolean tool, Fault fault) {
            this.fault = fault;
            events.add(new StreamEvent.Started("r", null));
            if (tool) {
                events.add(new StreamEvent.ToolCallDelta(0, "call_1", "write_file", ""));
                for (int i = 0; i < TOOL_ARGS.length(); i += CHUNK) {
                    events.add(new StreamEvent.ToolCallDelta(0, null, null, TOOL_ARGS.substring(i, Math.min(TOOL_ARGS.length(), i + CHUNK))));
                }
                events.add(new StreamEvent.Finish(FinishReason.TOOL_USE, "tool_calls"));
            } else {
                String rest = ANSWER.substring(prefill(request).length());
                for (int i = 0; i < rest.length(); i += CHUNK) {
                    events.add(new StreamEvent.TextDelta(rest.substring(i, Math.min(rest.length(), i + CHUNK))));
                }
                events.add(new StreamEvent.Finish(FinishReason.STOP, "stop"));
            }
            events.add(new StreamEvent.UsageUpdate(Usage.of(10, 5)));
            this.breakAt = switch (fault) {
                case Fault.Stall s -> s.after();
                case Fault.Cut c -> c.after();
                case Fault.Malformed m -> m.after();
                case Fault.StreamError e -> e.after();
                case Fault.Filter f -> f.after();
                case Fault.FinishFilter f -> f.after();
                case Fault.Endless e -> e.after();
                case Fault.Drip d -> d.after();
                default -> Integer.MAX_VALUE;
            };
        }

        /** The assistant prefill the request ends with, when it is a prefix of the answer (else the answer starts over). */
        private static String prefill(ChatRequest request) {
            List<Message> m = request.messages();
            Message last = m.getLast();
            if (last.role() != Role.ASSISTANT) return "";
            StringBuilder sb = new StringBuilder();
            for (ContentBlock b : last.content()) if (b instanceof ContentBlock.Text t) sb.append(t.text());
            return ANSWER.startsWith(sb.toString()) ? sb.toString() : "";
        }

        @Override
        public StreamEvent next() throws IOException {
            if (closed) throw new StreamClosedException("closed");
            boolean contentLeft = next < events.size() && events.get(next).isContent();
            if (content >= breakAt && (contentLeft || next >= events.size() - 2)) {
                switch (fault) {
                    case Fault.Stall s -> {
                        advance(TIMERS.contentIdle().plus(TIMERS.firstContent()).plusMillis(1));
                        watchdog.runDue();
                        throw new StreamClosedException("closed by the watchdog");
                    }
                    case Fault.Cut c -> {
                        return null;
                    }
                    case Fault.Malformed m -> throw new MalformedStreamException("bad JSON", "{\"x", null);
                    case Fault.StreamError e -> {
                        return new StreamEvent.Error(new ApiError(0, e.type(), null, e.message(), null, e.message()));
                    }
                    case Fault.Filter f -> {
                        return new StreamEvent.Error(new ApiError(0, "content_filter", "1027", "output new_sensitive (1027)",
                                null, "{\"base_resp\":{\"status_code\":1027}}"));
                    }
                    case Fault.FinishFilter f -> {
                        return new StreamEvent.Finish(FinishReason.CONTENT_FILTER, "content_filter");
                    }
                    case Fault.Endless e -> {
                        return new StreamEvent.TextDelta("word ".repeat(40));
                    }
                    case Fault.Drip d -> {
                        // the rest of the answer, one character a second (tool arguments likewise)
                        advance(Duration.ofSeconds(1));
                        watchdog.runDue(); // the attempt deadline ends it when no guard does
                        if (closed) throw new StreamClosedException("closed by the watchdog");
                        if (contentLeft) {
                            StreamEvent e = events.get(next);
                            StreamEvent first = switch (e) {
                                case StreamEvent.TextDelta t when t.text().length() > 1 -> {
                                    events.set(next, new StreamEvent.TextDelta(t.text().substring(1)));
                                    yield new StreamEvent.TextDelta(t.text().substring(0, 1));
                                }
                                case StreamEvent.ToolCallDelta t when t.argumentsFragment().length() > 1 -> {
                                    events.set(next, new StreamEvent.ToolCallDelta(t.index(), null, null,
                                            t.argumentsFragment().substring(1)));
                                    yield new StreamEvent.ToolCallDelta(t.index(), t.id(), t.name(),
                                            t.argumentsFragment().substring(0, 1));
                                }
                                default -> null;
                            };
                            if (first != null) return first;
                        }
                    }
                    default -> { }
                }
            }
            if (next >= events.size()) return null;
            StreamEvent e = events.get(next++);
            if (e.isContent()) content++;
            return e;
        }

        @Override
        public void close() {
            closed = true;
        }
    }
}

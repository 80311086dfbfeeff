package dev.hermes.failover;

import dev.hermes.llm.ChatRequest;
import dev.hermes.llm.Message;
import dev.hermes.log.EventLog;
import dev.hermes.provider.AuthStyle;
import dev.hermes.provider.CredentialSource;
import dev.hermes.provider.Endpoint;
import dev.hermes.provider.ProviderSettings;
import dev.hermes.provider.Route;
import dev.hermes.provider.WireApi;
import dev.hermes.sim.SimServer;
import dev.hermes.stream.StreamTimeouts;
import dev.hermes.stream.StreamWatchdog;
import dev.hermes.util.MonotonicClock;
import dev.hermes.util.Origin;
import dev.hermes.util.Sleeper;
import dev.hermes.util.Sourced;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;

/**
 * Builds real routes to a running simulator with short, explicit timers, and failover settings
 * with their own breakers, client pool and prefill knowledge, so tests do not share state.
 */
final class FailoverKit implements AutoCloseable {

    /**
     * Short timers: every stall is noticed within about a second. First content and liveness get
     * 1.2 s, so a first token 100 ms late is not taken for a stall on a loaded machine (a stall
     * moves on at once, so a false one shows as the wrong route answering).
     */
    static final StreamTimeouts FAST = new StreamTimeouts(Duration.ofMillis(500), Duration.ofMillis(400),
            Duration.ofMillis(1200), Duration.ofMillis(200), Duration.ofMillis(1200), Duration.ofSeconds(4));
    static final Backoff.Config BACKOFF = new Backoff.Config(Duration.ofMillis(5), Duration.ofMillis(20),
            Backoff.Jitter.FULL, Duration.ofSeconds(2));

    final SimServer sim;
    final ClientPool clients = new ClientPool();
    final CircuitBreakers breakers;
    final PrefillSupport prefill = new PrefillSupport();
    final StreamWatchdog watchdog = StreamWatchdog.start(MonotonicClock.SYSTEM);

    FailoverKit(SimServer sim) {
        this(sim, CircuitBreaker.Config.DEFAULTS);
    }

    FailoverKit(SimServer sim, CircuitBreaker.Config breakerConfig) {
        this.sim = sim;
        this.breakers = new CircuitBreakers(breakerConfig, MonotonicClock.SYSTEM);
    }

    Route route(String provider, WireApi wire, String model) {
        return route(provider, wire, model, FAST, CredentialSource.NONE);
    }

    Route route(String provider, WireApi wire, String model, StreamTimeouts t, CredentialSource credentials) {
        URI base = wire == WireApi.CHAT_COMPLETIONS ? sim.chatCompletionsBaseUrl() : sim.anthropicBaseUrl();
        AuthStyle auth = credentials == CredentialSource.NONE ? AuthStyle.NONE : AuthStyle.BOTH;
        Endpoint endpoint = new Endpoint(provider, base, wire, auth, Map.of(), t.connect());
        return new Route(endpoint, model, credentials, settings(t));
    }

    static ProviderSettings settings(StreamTimeouts t) {
        Origin o = new Origin.Flag("test");
        return new ProviderSettings(Sourced.of(t.connect(), o), Sourced.of(t.headers(), o),
                Sourced.of(t.firstContent(), o), Sourced.of(t.contentIdle(), o), Sourced.of(t.livenessIdle(), o),
                Sourced.of(t.deadline(), o));
    }

    /** Answers are a few hundred characters; an endless stream is cut here, well within a test's time. */
    static final long MAX_ANSWER_CHARS = 200_000;

    FailoverSettings settings(int retries, EventLog log) {
        return builder(retries, log).build();
    }

    /** The kit's settings, to change one part. */
    FailoverSettings.Builder builder(int retries, EventLog log) {
        return FailoverSettings.builder().retriesPerRoute(retries)
                .backoff(new Backoff(BACKOFF, new SplittableRandom(7), Sleeper.SYSTEM)).breakers(breakers)
                .clients(clients).watchdog(watchdog).prefill(prefill).log(log).session("test")
                .maxAnswerChars(MAX_ANSWER_CHARS);
    }

    FailoverCaller caller(Route primary, Route... fallbacks) {
        return new FailoverCaller(primary, List.of(fallbacks), settings(2, EventLog.NONE));
    }

    /** The longest this chain may take by construction, asserted against wall time. */
    static Duration bound(int routes) {
        List<StreamTimeouts> chain = new ArrayList<>();
        for (int i = 0; i < routes; i++) chain.add(FAST);
        return WorstCase.bound(new WorstCase.Config(chain, 2, BACKOFF, WorstCase.DEFAULT_SLACK));
    }

    static ChatRequest ask(String question) {
        return ChatRequest.of("ignored", List.of(Message.user(question)));
    }

    long attemptsOn(String model) {
        return sim.attempts().stream().filter(a -> a.model().equals(model)).count();
    }

    @Override
    public void close() {
        clients.close();
        watchdog.close();
    }

    /** Records what a caller of the failover sees. */
    /**
     * The kind of thread a call runs on. The attempt reads its stream where it runs on a virtual
     * thread (a proxy handler) and hands it over a queue on a platform one (the chat command's
     * main thread), so the promise is checked on both.
     */
    enum CallerThread {
        PLATFORM, VIRTUAL;

        /** A call under way on a fresh thread of this kind. */
        record Running<T>(Thread thread, FutureTask<T> task) {
            /** What the work returned, or what it threw, as it threw it. */
            T result() throws Exception {
                try {
                    return task.get();
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof Exception cause) throw cause;
                    throw e;
                }
            }
        }

        <T> Running<T> start(Callable<T> work) {
            FutureTask<T> task = new FutureTask<>(work);
            Thread t = (this == VIRTUAL ? Thread.ofVirtual() : Thread.ofPlatform()).name("caller-" + name()).start(task);
            return new Running<>(t, task);
        }

        <T> T run(Callable<T> work) throws Exception {
            return start(work).result();
        }
    }

    static class Seen implements CallObserver {
        final StringBuilder text = new StringBuilder();
        final List<String> statuses = new ArrayList<>();
        int restarts;

        @Override
        public synchronized void text(String delta) {
            text.append(delta);
        }

        @Override
        public synchronized void restart(String why) {
            restarts++;
            text.setLength(0);
            statuses.add(why);
        }

        @Override
        public synchronized void status(String line) {
            statuses.add(line);
        }

        synchronized String textSoFar() {
            return text.toString();
        }

        synchronized String statusText() {
            return String.join("\n", statuses);
        }
    }
}

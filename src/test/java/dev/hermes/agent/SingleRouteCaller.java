package dev.hermes.agent;

import dev.hermes.failover.Backoff;
import dev.hermes.failover.CallObserver;
import dev.hermes.failover.CallResult;
import dev.hermes.failover.ClientPool;
import dev.hermes.failover.FailoverCaller;
import dev.hermes.failover.FailoverSettings;
import dev.hermes.failover.ModelCaller;
import dev.hermes.llm.ChatRequest;
import dev.hermes.provider.AuthStyle;
import dev.hermes.provider.CredentialSource;
import dev.hermes.provider.Endpoint;
import dev.hermes.provider.ProviderSettings;
import dev.hermes.provider.Route;
import dev.hermes.provider.WireApi;
import dev.hermes.stream.StreamWatchdog;
import dev.hermes.util.MonotonicClock;
import dev.hermes.util.Origin;
import dev.hermes.util.Sleeper;
import dev.hermes.util.Sourced;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The production {@link FailoverCaller} over one chat-completions route with no retries, with
 * its own client pool, watchdog and breakers so tests share nothing. The request's model is the
 * route's model.
 */
final class SingleRouteCaller implements ModelCaller, AutoCloseable {

    private static final Sourced<Duration> TEN_SECONDS = Sourced.of(Duration.ofSeconds(10), new Origin.Flag("test"));

    private final ClientPool clients = new ClientPool();
    private final StreamWatchdog watchdog = StreamWatchdog.start(MonotonicClock.SYSTEM);
    private final URI baseUrl;

    SingleRouteCaller(URI baseUrl) {
        this.baseUrl = baseUrl;
    }

    @Override
    public CallResult call(ChatRequest request, CallObserver observer) throws InterruptedException {
        Endpoint endpoint = new Endpoint("scripted", baseUrl, WireApi.CHAT_COMPLETIONS, AuthStyle.NONE, Map.of(),
                Duration.ofSeconds(2));
        ProviderSettings timers = new ProviderSettings(TEN_SECONDS, TEN_SECONDS, TEN_SECONDS, TEN_SECONDS, TEN_SECONDS,
                TEN_SECONDS);
        Route route = new Route(endpoint, request.model(), CredentialSource.NONE, timers);
        FailoverSettings settings = FailoverSettings.builder().retriesPerRoute(0)
                .backoff(new Backoff(Backoff.Config.DEFAULTS, new SplittableRandom(1), Sleeper.SYSTEM))
                .clients(clients).watchdog(watchdog).session("test").build();
        return new FailoverCaller(route, List.of(), settings).call(request, observer);
    }

    @Override
    public void close() {
        clients.close();
        watchdog.close();
    }
}

package dev.hermes.bench;

import dev.hermes.failover.Backoff;
import dev.hermes.failover.CallResult;
import dev.hermes.failover.ClientPool;
import dev.hermes.failover.FailoverSettings;
import dev.hermes.llm.ChatRequest;
import dev.hermes.llm.ContentBlock;
import dev.hermes.llm.Message;
import dev.hermes.provider.AuthStyle;
import dev.hermes.provider.CredentialSource;
import dev.hermes.provider.Endpoint;
import dev.hermes.provider.ProviderSettings;
import dev.hermes.provider.Route;
import dev.hermes.provider.WireApi;
import dev.hermes.stream.StreamTimeouts;
import dev.hermes.stream.StreamWatchdog;
import dev.hermes.util.Origin;
import dev.hermes.util.Sleeper;
import dev.hermes.util.Sourced;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Collectors;

/** Real routes to a simulator (in this JVM or another) with explicit timers, as production builds them. */
final class SimRoutes {

    private SimRoutes() {
    }

    /** {@code base} is the sim's chat-completions URL ({@code .../v1}) or its root for Anthropic Messages. */
    static Route route(String provider, URI base, WireApi wire, String model, StreamTimeouts t) {
        Endpoint endpoint = new Endpoint(provider, base, wire, AuthStyle.NONE, Map.of(), t.connect());
        Origin o = new Origin.Flag("bench");
        ProviderSettings settings = new ProviderSettings(Sourced.of(t.connect(), o), Sourced.of(t.headers(), o),
                Sourced.of(t.firstContent(), o), Sourced.of(t.contentIdle(), o), Sourced.of(t.livenessIdle(), o),
                Sourced.of(t.deadline(), o));
        return new Route(endpoint, model, CredentialSource.NONE, settings);
    }

    /** Failover settings of their own (breakers, prefill knowledge), sharing the given pool and watchdog. */
    static FailoverSettings settings(int retries, ClientPool clients, StreamWatchdog watchdog) {
        Backoff backoff = new Backoff(new Backoff.Config(Duration.ofMillis(5), Duration.ofMillis(20),
                Backoff.Jitter.FULL, Duration.ofSeconds(2)), new SplittableRandom(7), Sleeper.SYSTEM);
        return FailoverSettings.builder().retriesPerRoute(retries).backoff(backoff).clients(clients).watchdog(watchdog)
                .session("bench").build();
    }

    /** The answer's text blocks, joined. */
    static String text(CallResult result) {
        return result.response().message().content().stream().filter(b -> b instanceof ContentBlock.Text)
                .map(b -> ((ContentBlock.Text) b).text()).collect(Collectors.joining());
    }

    static ChatRequest ask(String question) {
        return ChatRequest.of("ignored", List.of(Message.user(question)));
    }
}

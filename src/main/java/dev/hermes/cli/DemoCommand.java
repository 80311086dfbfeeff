package dev.hermes.cli;

import dev.hermes.agent.Outcome;
import dev.hermes.agent.TextPrinter;
import dev.hermes.exit.ExitCodes;
import dev.hermes.failover.Backoff;
import dev.hermes.failover.CallFailedException;
import dev.hermes.failover.CallResult;
import dev.hermes.failover.ClientPool;
import dev.hermes.failover.FailoverCaller;
import dev.hermes.failover.FailoverSettings;
import dev.hermes.llm.ChatRequest;
import dev.hermes.llm.Message;
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
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.random.RandomGenerator;

/**
 * {@code hermes demo}: with no key and no network, starts the fault simulator in-process and makes
 * one real streaming call through the real clients and failover: a MiniMax-style primary that
 * stalls mid-answer, and a fallback that finishes the answer from where the primary stopped. The
 * status lines on stderr show the watchdog and the fallback (a stall moves on at once while a
 * fallback is left: failover.move_on_after_timeout); stdout gets
 * the one complete answer.
 */
@Command(name = "demo", description = "See failover work: a simulated provider stalls mid-answer and a fallback finishes it.",
        subcommands = DemoKanbanCommand.class)
public final class DemoCommand implements Callable<Integer> {

    static final String QUESTION = "What makes a river change course?";

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--stall-seconds", paramLabel = "S", defaultValue = "1",
            description = "How long the stalled stream is given before it is cut (default 1).")
    double stallSeconds;

    @Override
    public Integer call() throws IOException, InterruptedException {
        PrintWriter out = ScreenWriter.unwrap(spec.commandLine().getOut());
        PrintWriter err = ScreenWriter.unwrap(spec.commandLine().getErr());
        if (!(stallSeconds > 0 && stallSeconds <= 600)) {
            err.println("hermes: --stall-seconds must be between 0 and 600, got " + stallSeconds);
            return ExitCodes.USAGE;
        }
        Duration stall = Duration.ofMillis(Math.round(stallSeconds * 1000));
        try (SimServer sim = SimServer.start(); ClientPool clients = new ClientPool();
             StreamWatchdog watchdog = StreamWatchdog.start(MonotonicClock.SYSTEM)) {
            Route primary = route("minimax", sim.anthropicBaseUrl(), WireApi.ANTHROPIC_MESSAGES, "stall:after=5", stall);
            Route fallback = route("openrouter", sim.anthropicBaseUrl(), WireApi.ANTHROPIC_MESSAGES,
                    "healthy:chunk_delay_ms=40", stall);
            err.println("demo: a simulated provider is listening on 127.0.0.1:" + sim.port() + " (no key, no network).");
            err.println("demo: the primary, " + primary.describe() + ", will stall in the middle of its answer;");
            err.println("demo: the fallback, " + fallback.describe() + ", will finish it. Question: " + QUESTION);
            FailoverSettings settings = FailoverSettings.builder().retriesPerRoute(1)
                    .backoff(new Backoff(new Backoff.Config(Duration.ofMillis(200), Duration.ofMillis(500), Backoff.Jitter.FULL,
                            Duration.ofSeconds(5)), RandomGenerator.getDefault(), Sleeper.SYSTEM))
                    .clients(clients).watchdog(watchdog).session("demo").callDeadline(Duration.ofSeconds(60)).build();
            TextPrinter printer = new TextPrinter(out, err, ChatCommand.stdoutIsTerminal());
            FailoverCaller caller = new FailoverCaller(primary, List.of(fallback), settings);
            try {
                CallResult result = caller.call(ChatRequest.of(primary.model(), List.of(Message.user(QUESTION))), printer);
                var r = result.response();
                printer.finished(new Outcome.Answered(r.text(), result.totalUsage(), r.provider(), r.model()));
                err.println("demo: one complete answer from " + r.provider() + "/" + r.model() + " after "
                        + result.attempts().size() + " attempts; it matches what the provider would have said: "
                        + r.text().equals(SimServer.canonicalAnswer(r.model(), QUESTION)));
                return ExitCodes.OK;
            } catch (CallFailedException e) {
                err.println("hermes: " + e.getMessage());
                return ExitCodes.PROVIDER_FAILURE;
            }
        }
    }

    private static Route route(String provider, URI base, WireApi wire, String model, Duration stall) {
        Endpoint endpoint = new Endpoint(provider, base, wire, AuthStyle.NONE, Map.of(), Duration.ofSeconds(5));
        StreamTimeouts t = StreamTimeouts.DEFAULTS.withContentIdle(stall).withLivenessIdle(stall.plus(stall));
        Origin o = new Origin.Default("demo");
        ProviderSettings settings = new ProviderSettings(Sourced.of(t.connect(), o), Sourced.of(t.headers(), o),
                Sourced.of(t.firstContent(), o), Sourced.of(t.contentIdle(), o), Sourced.of(t.livenessIdle(), o),
                Sourced.of(t.deadline(), o));
        return new Route(endpoint, model, CredentialSource.NONE, settings);
    }
}

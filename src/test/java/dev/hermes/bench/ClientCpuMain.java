package dev.hermes.bench;

import dev.hermes.failover.CallObserver;
import dev.hermes.failover.ClientPool;
import dev.hermes.failover.FailoverCaller;
import dev.hermes.provider.Route;
import dev.hermes.provider.WireApi;
import dev.hermes.stream.StreamWatchdog;
import dev.hermes.util.MonotonicClock;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The narrow half of the peers benchmark: CPU per streamed delta of our own client only, on one
 * wire, so a change to the per-chunk path can be compared A/B in one sitting (run it alternately
 * on the class path before and after the change; see docs/benchmarks.md, "Side by side with the
 * peers"). Prints one line per measured round and the median.
 *
 * <p>Usage: {@code ClientCpuMain [chat|messages] [rounds]}; run with {@code -Dhermes.root=} the
 * project root.
 */
public final class ClientCpuMain {

    private ClientCpuMain() {
    }

    public static void main(String[] args) throws Exception {
        WireApi wire = args.length > 0 && args[0].equals("messages") ? WireApi.ANTHROPIC_MESSAGES : WireApi.CHAT_COMPLETIONS;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 6;
        String healthy = "healthy:words=300,chunk_words=3,chunk_delay_ms=25";
        List<Double> measured = new ArrayList<>();
        try (SimProcess sim = SimProcess.start(BenchEnv.current());
             Ours ours = new Ours(wire == WireApi.CHAT_COMPLETIONS ? sim.chatCompletionsBaseUrl() : sim.anthropicBaseUrl(),
                     wire, healthy)) {
            for (int round = 0; round < 2 + rounds; round++) {
                double us = PeersBenchmark.cpuPerDelta(ours, healthy);
                if (round >= 2) measured.add(us);
            }
        }
        System.out.printf(Locale.ROOT, "%s median %.1f us/delta, rounds %s%n", wire.configName(),
                Stats.median(measured), measured.stream().map(d -> String.format(Locale.ROOT, "%.1f", d)).toList());
    }

    /** Our client on one wire: a FailoverCaller with one route and two retries, as in the peers benchmark. */
    private static final class Ours implements PeerClients.PeerClient {
        private final ClientPool pool = new ClientPool();
        private final StreamWatchdog watchdog = StreamWatchdog.start(MonotonicClock.SYSTEM);
        private final FailoverCaller caller;

        Ours(URI base, WireApi wire, String model) {
            Route route = SimRoutes.route("sim", base, wire, model, PeersBenchmark.HERMES);
            caller = new FailoverCaller(route, List.of(), SimRoutes.settings(2, pool, watchdog));
        }

        public String name() {
            return "hermes";
        }

        public String stream(String model, String question, java.util.function.Consumer<String> onDelta) throws Exception {
            return SimRoutes.text(caller.call(SimRoutes.ask(question), new CallObserver() {
                @Override
                public void text(String delta) {
                    if (!delta.isEmpty()) onDelta.accept(delta);
                }
            }));
        }

        public void close() {
            watchdog.close();
            pool.close();
        }
    }
}

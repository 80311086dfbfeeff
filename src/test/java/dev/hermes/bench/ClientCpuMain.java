package dev.hermes.bench;

import dev.hermes.provider.WireApi;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The narrow half of the peers benchmark: CPU per streamed delta of our own client only, on one
 * wire, so a change to the per-chunk path can be compared A/B in one sitting (run it alternately
 * on the class path before and after the change; see docs/benchmarks.md, "Side by side with the
 * peers"). Prints the median and each measured round, after two warm-up rounds.
 *
 * <p>Usage, once {@code bin/bench} wrote {@code target/bench.classpath}: {@code java
 * -Dhermes.root=. -cp target/test-classes:CLASSES:$(cat target/bench.classpath)
 * dev.hermes.bench.ClientCpuMain [chat|messages] [rounds]}, with CLASSES the main classes of
 * the side being measured.
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
             PeerClients.Hermes ours = new PeerClients.Hermes(wire == WireApi.CHAT_COMPLETIONS
                     ? sim.chatCompletionsBaseUrl() : sim.anthropicBaseUrl(), wire, PeersBenchmark.HERMES)) {
            for (int round = 0; round < 2 + rounds; round++) {
                double us = PeersBenchmark.cpuPerDelta(ours, healthy);
                if (round >= 2) measured.add(us);
            }
        }
        System.out.printf(Locale.ROOT, "%s median %.1f us/delta, rounds %s%n", wire.configName(),
                Stats.median(measured), measured.stream().map(d -> String.format(Locale.ROOT, "%.1f", d)).toList());
    }
}

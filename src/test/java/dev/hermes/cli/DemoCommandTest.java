package dev.hermes.cli;

import dev.hermes.config.Environment;
import dev.hermes.exit.ExitCodes;
import dev.hermes.sim.SimServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class DemoCommandTest {

    @Test
    void theDemoShowsAStallTheFallbackAndOneCompleteAnswerWithoutKeyOrNetwork(@TempDir Path home) {
        long t0 = System.nanoTime();
        CliRun run = CliRun.run(new Environment(Map.of("HERMES_HOME", home.toString()), home), "demo", "--stall-seconds", "0.3");

        assertThat(run.exit()).as(run.err()).isEqualTo(ExitCodes.OK);
        assertThat(run.out()).isEqualTo(SimServer.canonicalAnswer("healthy", DemoCommand.QUESTION) + "\n");
        assertThat(run.err()).contains("no content (pings do not count)", "a later route is left", "falling back to openrouter/",
                "continuing the answer", "it matches what the provider would have said: true");
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(20));
    }
}

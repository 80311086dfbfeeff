package dev.hermes.it;

import dev.hermes.testing.HermesProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** What a new user meets following README.md's quick starts literally, through the real launcher. */
class NewUserIT {
    private static final Duration RUN = Duration.ofSeconds(90);

    @TempDir
    Path home;

    /** README: "Home: HERMES_HOME, else ~/.hermes"; `~` is $HOME, as for the shell that wrote the file. */
    @Test
    void withoutHermesHomeTheHomeIsDotHermesUnderHome() throws Exception {
        Files.createDirectories(home.resolve(".hermes"));
        Files.writeString(home.resolve(".hermes/config.yaml"), "model: { provider: openrouter, default: anthropic/claude-sonnet-4 }\n");
        HermesProcess.Result r = HermesProcess.run(home, Map.of("HOME", home.toString()), RUN, "config", "path");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("home: " + home.resolve(".hermes"));
    }
}

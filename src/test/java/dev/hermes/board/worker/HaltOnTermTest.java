package dev.hermes.board.worker;

import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** A worker told to stop by the reaper's SIGTERM stops at once, without a graceful shutdown to hide in. */
class HaltOnTermTest {

    @Test
    void sigtermEndsAWorkerAtOnceEvenWhenItsShutdownWouldTakeSeconds() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), HaltOnTermMain.class.getName())
                .redirectErrorStream(true).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream()))) {
            assertThat(out.readLine()).isEqualTo("ready");
            long t0 = System.nanoTime();
            p.destroy(); // SIGTERM

            assertThat(p.waitFor(3, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).isEqualTo(143);
            // A JVM's usual SIGTERM would run the 5 s hook first.
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(3));
        } finally {
            p.destroyForcibly();
        }
    }
}

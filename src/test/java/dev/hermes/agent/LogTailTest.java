package dev.hermes.agent;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class LogTailTest {

    @TempDir
    Path temp;

    @Test
    void followPrintsCompleteNewLinesAndStartsOverAfterRotation() throws Exception {
        Path file = temp.resolve("agent.log");
        Files.writeString(file, "old line\n");
        StringWriter out = new StringWriter();
        AtomicInteger polls = new AtomicInteger();
        // Each poll is one step of the script: append, append half a line, finish it, rotate.
        LogTail.follow(file, new PrintWriter(out), Duration.ZERO, d -> {
            try {
                switch (polls.incrementAndGet()) {
                    case 1 -> Files.writeString(file, "new 1\nnew", StandardOpenOption.APPEND);
                    case 2 -> Files.writeString(file, " 2\n", StandardOpenOption.APPEND);
                    case 3 -> Files.writeString(file, "rotated\n");
                    default -> { }
                }
            } catch (java.io.IOException e) {
                throw new AssertionError(e);
            }
        }, () -> polls.get() >= 5);

        assertThat(out.toString()).isEqualTo("new 1\nnew 2\nrotated\n".replace("\n", System.lineSeparator()));
    }
}

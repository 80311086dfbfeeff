package dev.hermes.board.dispatch;

import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The watch loop's error handling, with recorded pauses instead of sleeps. */
class DispatchLoopTest {

    private static final TickReport IDLE = new TickReport(List.of(), List.of(), List.of(), List.of(), List.of(),
            List.of(), List.of(), List.of(), List.of());

    @Test
    void failingTicksAreReportedWithDoublingPausesCappedAtAMinuteAndRecoveryIsSaid() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        List<Duration> pauses = new ArrayList<>();
        int[] n = {0};
        DispatchLoop loop = new DispatchLoop(() -> {
            n[0]++;
            if (n[0] <= 12) throw new IllegalStateException("board /b.db: [SQLITE_BUSY] database is locked\nmore");
            if (n[0] == 14) Thread.currentThread().interrupt(); // the signal: the loop ends after this tick
            return IDLE;
        }, Duration.ofSeconds(5), new PrintWriter(out), new PrintWriter(err), pauses::add);

        loop.run();
        Thread.interrupted();

        assertThat(n[0]).isEqualTo(14);
        assertThat(pauses.subList(0, 12)).extracting(Duration::toSeconds)
                .containsExactly(5L, 10L, 20L, 40L, 60L, 60L, 60L, 60L, 60L, 60L, 60L, 60L);
        assertThat(pauses.get(12)).isEqualTo(Duration.ofSeconds(5));
        assertThat(err.toString()).contains("tick failed (1 in a row): board /b.db: [SQLITE_BUSY] database is locked; "
                + "retrying in 5 s (still running; stop with Ctrl-C)", "tick failed (12 in a row)",
                "the board works again after 12 failed ticks").doesNotContain("more");
    }

    @Test
    void aBoardThatCannotBeOpenedYetIsWaitedFor() throws Exception {
        StringWriter err = new StringWriter();
        List<Duration> pauses = new ArrayList<>();
        int[] n = {0};
        String opened = DispatchLoop.untilOpen(() -> {
            if (++n[0] < 3) throw new IllegalStateException("board /b.db: [SQLITE_BUSY] database is locked");
            return "store";
        }, Duration.ofMillis(200), new PrintWriter(err), pauses::add);
        assertThat(opened).isEqualTo("store");
        assertThat(pauses).containsExactly(Duration.ofMillis(200), Duration.ofMillis(400));
        assertThat(err.toString()).contains("cannot open the board (1 in a row): board /b.db: [SQLITE_BUSY]",
                "retrying in 0.2 s", "cannot open the board (2 in a row)", "retrying in 0.4 s");
    }
}

package dev.hermes.board.dispatch;

import dev.hermes.board.BoardException;
import dev.hermes.board.BoardOptions;
import dev.hermes.board.BoardStore;
import dev.hermes.board.Run;
import dev.hermes.board.RunOutcome;
import dev.hermes.board.SqliteBoardStore;
import dev.hermes.board.Task;
import dev.hermes.board.TaskStatus;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** The dispatcher on a SQLite board file shared with its worker processes. */
final class SqliteDispatcherTest extends DispatcherContract {

    @Override
    BoardStore open(BoardOptions options) {
        return SqliteBoardStore.open(dir.resolve("board.db"), options);
    }

    @Override
    String boardLocation() {
        return dir.resolve("board.db").toString();
    }

    /**
     * A worker frozen (SIGSTOP) inside a write transaction holds SQLite's write lock. The dispatcher
     * must still kill it once its lease expires and hand the task out again, instead of failing
     * every tick on the lock only that worker's death releases.
     */
    @Test
    void aWorkerFrozenInsideAWriteTransactionIsKilledAndItsTaskReclaimed() throws Exception {
        Duration busyTimeout = Duration.ofMillis(300);
        store.close();
        store = open(new BoardOptions(busyTimeout, COOLDOWN));
        Task t = ready("frozen mid-write", "alice", 0);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        AtomicInteger starts = new AtomicInteger();
        Dispatcher d = dispatcher(1, 1, task -> List.of(java, "-cp", System.getProperty("java.class.path"),
                (starts.getAndIncrement() == 0 ? WriteLockWorkerMain.class : FakeWorkerMain.class).getName(),
                task.id().value()));
        d.tick();
        Process frozen = processes.get(t.id()).get(0);
        Path locked = dir.resolve("board/workspaces").resolve(t.id().value()).resolve("locked");
        waitUntil("the worker holds the write lock", () -> Files.exists(locked));
        assertThat(new ProcessBuilder("kill", "-STOP", Long.toString(frozen.pid())).start().waitFor()).isZero();
        long stopped = System.nanoTime();

        // the lease runs out, then ticks fail on the lock for at most a busy timeout each until one
        // kills the worker; the slack is for a loaded 2-core machine (without the kill: never)
        Duration bound = LEASE.plus(busyTimeout.multipliedBy(2)).plus(Duration.ofMillis(200)).plusSeconds(8);
        int busyTicks = 0;
        while (processes.get(t.id()).size() < 2) {
            assertThat(Duration.ofNanos(System.nanoTime() - stopped)).as("task handed out again within %s of the freeze (%d ticks "
                    + "failed on the lock); runs %s, events %s", bound, busyTicks, store.runs(t.id()), kinds(t.id())).isLessThan(bound);
            try {
                d.tick();
            } catch (BoardException.Storage lockedOut) {
                assertThat(lockedOut).hasMessageContaining("SQLITE_BUSY");
                busyTicks++;
            }
            Thread.sleep(20);
        }
        assertThat(frozen.isAlive()).isFalse();
        d.awaitWorkers(Duration.ofSeconds(30));
        assertThat(store.get(t.id()).status()).isEqualTo(TaskStatus.DONE);
        assertThat(store.runs(t.id())).extracting(Run::outcome).containsExactly(RunOutcome.RECLAIMED,
                RunOutcome.COMPLETED);
        assertThat(kinds(t.id())).containsSubsequence("reclaimed", "worker_released", "claimed", "completed");
        assertThat(launches).noneMatch(l -> l.contains("WHILE ANOTHER WORKER LIVES"));
    }
}

package dev.hermes.it;

import dev.hermes.board.BoardOptions;
import dev.hermes.board.BoardStore;
import dev.hermes.board.NewTask;
import dev.hermes.board.SqliteBoardStore;
import dev.hermes.board.Task;
import dev.hermes.board.TaskStatus;
import dev.hermes.sim.SimOptions;
import dev.hermes.sim.SimServer;
import dev.hermes.testing.HermesProcess;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code kanban dispatch --watch} through the real launcher survives what used to end it: another
 * process holding the board's write lock for longer than the busy timeout, and a storage error
 * (here: the tasks table gone for a while). It says so, backs off, recovers by itself, still
 * starts workers afterwards, and stops only on a signal.
 */
class DispatchWatchIT {

    private static final Duration WAIT = Duration.ofSeconds(120);

    @TempDir
    Path root;
    SimServer sim;
    Process dispatcher;

    @BeforeEach
    void start() throws Exception {
        sim = SimServer.start(0, SimOptions.defaults());
    }

    @AfterEach
    void stop() throws Exception {
        if (dispatcher != null && dispatcher.isAlive()) {
            dispatcher.destroyForcibly();
            dispatcher.waitFor(10, TimeUnit.SECONDS);
        }
        if (sim != null) sim.close();
    }

    private void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (dispatcher != null && !dispatcher.isAlive()) {
                throw new AssertionError("the dispatcher exited (" + dispatcher.exitValue() + ") while waiting for "
                        + what + "; stderr:\n" + read(root.resolve("dispatch.err")));
            }
            if (System.nanoTime() > deadline) throw new AssertionError("not within " + WAIT + ": " + what);
            Thread.sleep(50);
        }
    }

    private String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private long count(Path file, String text) {
        return read(file).lines().filter(l -> l.contains(text)).count();
    }

    @Test
    void aHeldWriteLockAndAStorageErrorAreReportedRetriedAndSurvived() throws Exception {
        Files.writeString(root.resolve("config.yaml"), "model: {provider: custom, default: 'scripted:kanban-worker', "
                + "base_url: '" + sim.chatCompletionsBaseUrl() + "'}\n"
                + "kanban: {busy_timeout_seconds: 0.3, tick_seconds: 0.2}\n");
        Map<String, String> env = Map.of("HERMES_HOME", root.toString());
        assertThat(HermesProcess.run(root, env, WAIT, "kanban", "init").exit()).isZero();
        Path db = root.resolve("boards/default.db");
        Path out = root.resolve("dispatch.out");
        Path err = root.resolve("dispatch.err");
        dispatcher = HermesProcess.start(root, env, out, err, "kanban", "dispatch", "--watch");
        await("the dispatcher watching", () -> read(err).contains("dispatcher: watching"));

        try (Connection lock = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = lock.createStatement()) {
            // (had the dispatcher still been opening the board, it would wait for it the same way)
            s.execute("BEGIN IMMEDIATE"); // the write lock, held far beyond the dispatcher's busy timeout
            await("two failed ticks", () -> count(err, "tick failed") >= 2);
            s.execute("COMMIT");
        }
        await("recovery", () -> count(err, "the board works again") >= 1);
        assertThat(dispatcher.isAlive()).isTrue();
        assertThat(read(err)).contains("tick failed (1 in a row)", "tick failed (2 in a row)", "locked",
                "retrying in 0.2 s", "retrying in 0.4 s", "still running; stop with Ctrl-C");

        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement()) {
            s.execute("ALTER TABLE tasks RENAME TO tasks_away");
            long before = count(err, "tick failed");
            await("a storage error reported", () -> count(err, "tick failed") > before);
            assertThat(read(err)).contains("no such table");
            s.execute("ALTER TABLE tasks_away RENAME TO tasks");
        }
        await("second recovery", () -> count(err, "the board works again") >= 2);
        assertThat(dispatcher.isAlive()).isTrue();

        Task t;
        try (BoardStore store = SqliteBoardStore.open(db, BoardOptions.DEFAULTS)) {
            t = store.create(NewTask.builder("after the storms").status(TaskStatus.READY).build());
            await("the task done by a worker", () -> store.get(t.id()).status() == TaskStatus.DONE);
        }
        assertThat(read(out)).contains("spawned " + t.id());

        dispatcher.destroy(); // SIGTERM: the only way it ends
        assertThat(dispatcher.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }
}

package dev.hermes.board;

import dev.hermes.testing.PostgresServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A worker process SIGSTOPped while its board session is inside a transaction holding a task's
 * row lock: the server ends that session after {@code idle_in_transaction_session_timeout}, so a
 * claimer waiting on the row proceeds instead of waiting for as long as the worker stays stopped.
 */
@ExtendWith(PostgresServer.Extension.class)
final class PostgresStoppedSessionTest {

    private static PostgresServer.Database database;
    private Process worker;

    @BeforeAll
    static void database(PostgresServer.Database db) {
        database = db;
    }

    @AfterEach
    void killWorker() throws Exception {
        if (worker != null) {
            worker.destroyForcibly();
            worker.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private BoardStore open() {
        Properties props = new Properties();
        props.setProperty("user", database.user());
        return PostgresBoardStore.open(database.jdbcUrl(), props, BoardOptions.DEFAULTS);
    }

    @Test
    void boardSessionsEndTransactionsLeftIdleByTheServer() throws Exception {
        try (JdbcBoardStore store = (JdbcBoardStore) open()) {
            String setting = store.db().read(c -> Jdbc.one(c, "SHOW idle_in_transaction_session_timeout",
                    rs -> rs.getString(1))).orElseThrow();
            assertThat(setting).isEqualTo(PostgresBoardStore.IDLE_IN_TRANSACTION.toSeconds() + "s");
        }
    }

    @Test
    void aClaimerWaitingOnAStoppedWorkersLockProceedsOnceTheServerEndsItsSession() throws Exception {
        try (BoardStore store = open()) {
            Task task = store.create(NewTask.builder("wanted").status(TaskStatus.READY).build());
            stopWorkerHolding(task, null); // the board's own connection settings

            long start = System.nanoTime();
            Optional<Claim> claim = claimById(store, task).get(30, TimeUnit.SECONDS);
            assertThat(claim).isPresent();
            // it did wait for the stopped worker's lock, and no longer than the timeout plus scheduling
            assertThat(Duration.ofNanos(System.nanoTime() - start))
                    .isBetween(PostgresBoardStore.IDLE_IN_TRANSACTION.dividedBy(2), Duration.ofSeconds(30));
        }
    }

    @Test
    void withoutTheTimeoutTheSameClaimerWaitsForAsLongAsTheWorkerIsStopped() throws Exception {
        try (BoardStore store = open()) {
            Task task = store.create(NewTask.builder("wanted").status(TaskStatus.READY).build());
            stopWorkerHolding(task, "-c idle_in_transaction_session_timeout=0"); // 0: PostgreSQL's default, off

            CompletableFuture<Optional<Claim>> claim = claimById(store, task);
            assertThatThrownBy(() -> claim.get(3, TimeUnit.SECONDS)).isInstanceOf(TimeoutException.class);
            worker.destroyForcibly(); // SIGKILL ends the session: the claim goes through
            assertThat(claim.get(30, TimeUnit.SECONDS)).isPresent();
        }
    }

    private static CompletableFuture<Optional<Claim>> claimById(BoardStore store, Task task) {
        return CompletableFuture.supplyAsync(() -> store.claim(Claimant.forThisProcess(), Duration.ofMinutes(5),
                ClaimFilter.task(task.id())));
    }

    /** Starts a worker that locks {@code task} in a transaction, then SIGSTOPs it; {@code options} null: the default. */
    private void stopWorkerHolding(Task task, String options) throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> command = new ArrayList<>(List.of(java.toString(), "-cp", System.getProperty("java.class.path"),
                HoldTransactionMain.class.getName(), database.jdbcUrl(), database.user(), task.id().value()));
        if (options != null) command.add(options);
        worker = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(worker.getInputStream(), StandardCharsets.UTF_8));
        assertThat(out.readLine()).isEqualTo("locked");
        Process stop = new ProcessBuilder("kill", "-STOP", Long.toString(worker.pid())).start();
        assertThat(stop.waitFor()).isZero();
    }
}

package dev.hermes.board;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The board contract on a SQLite file. */
final class SqliteBoardStoreTest extends BoardReviewContract {

    @TempDir
    Path dir;

    @Override
    BoardStore open(BoardOptions options) {
        return SqliteBoardStore.open(dir.resolve("board.db"), options);
    }

    @Test
    void aVersion2BoardIsMigratedKeepingItsRunsAndGainsTheReviewOutcome() throws Exception {
        Path old = dir.resolve("v2.db");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + old); Statement s = c.createStatement()) {
            for (String file : new String[] {"V1__init.sql", "V2__worker_hold.sql"}) {
                for (String sql : Migrator.statements(Migrator.load("sqlite/" + file))) s.execute(sql);
            }
            s.execute("CREATE TABLE schema_version (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL)");
            s.execute("INSERT INTO schema_version VALUES (1, 'V1__init.sql', 0), (2, 'V2__worker_hold.sql', 0)");
            s.execute("INSERT INTO tasks (id, title, status, attempt, created_at, updated_at) VALUES ('t_0000000a', 'old', 'ready', 1, 0, 0)");
            s.execute("INSERT INTO task_runs (task_id, attempt, claimant, host, worker_pid, started_at, ended_at, outcome, "
                    + "error) VALUES ('t_0000000a', 1, 'w_old', 'h', 7, 0, 1, 'crashed', 'exit 1')");
        }
        try (BoardStore migrated = SqliteBoardStore.open(old, OPTIONS)) {
            TaskId id = TaskId.of("t_0000000a");
            assertThat(migrated.runs(id)).singleElement().satisfies(r -> {
                assertThat(r.outcome()).isEqualTo(RunOutcome.CRASHED);
                assertThat(r.error()).isEqualTo("exit 1");
            });
            Task t = migrated.get(id);
            assertThat(t.protocolViolations()).isZero();
            assertThat(t.dispatchNote()).isNull();
            Claim c = migrated.claim(alice, Duration.ofMinutes(1), ClaimFilter.task(id)).orElseThrow();
            assertThat(c.attempt()).isEqualTo(2);
            assertThat(migrated.requestReview(c, "ok", null).applied()).isTrue();
            assertThat(migrated.runs(id)).extracting(Run::outcome)
                    .containsExactly(RunOutcome.CRASHED, RunOutcome.REVIEW_REQUESTED);
        }
    }
}

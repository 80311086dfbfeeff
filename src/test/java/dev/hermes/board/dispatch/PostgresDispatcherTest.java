package dev.hermes.board.dispatch;

import dev.hermes.board.BoardOptions;
import dev.hermes.board.BoardStore;
import dev.hermes.board.PostgresBoardStore;
import dev.hermes.testing.PostgresServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;

/** The dispatcher on a real PostgreSQL board; workers reach it through the URL in their environment. */
@ExtendWith(PostgresServer.Extension.class)
final class PostgresDispatcherTest extends DispatcherContract {

    private static PostgresServer.Database database;

    @BeforeAll
    static void database(PostgresServer.Database db) {
        database = db;
    }

    @Override
    BoardStore open(BoardOptions options) {
        return PostgresBoardStore.open(boardLocation(), new Properties(), options);
    }

    @Override
    String boardLocation() {
        return database.jdbcUrl() + "?user=" + database.user();
    }

    @BeforeEach
    void emptyTheBoard() throws SQLException {
        try (Connection c = DriverManager.getConnection(database.jdbcUrl(), database.user(), "");
             Statement s = c.createStatement()) {
            s.execute("TRUNCATE task_events, task_runs, task_comments, task_links, tasks");
        }
    }
}

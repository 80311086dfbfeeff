package dev.hermes.dashboard;

import dev.hermes.board.BoardOptions;
import dev.hermes.board.BoardStore;
import dev.hermes.board.PostgresBoardStore;
import dev.hermes.testing.PostgresServer;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;

/** The dashboard on a PostgreSQL board (a real server; one database for the class, emptied per test). */
@ExtendWith(PostgresServer.Extension.class)
final class PostgresDashboardTest extends DashboardContract {

    private static PostgresServer.Database database;

    @BeforeAll
    static void database(PostgresServer.Database db) {
        database = db;
    }

    @BeforeEach
    void emptyTheBoard() throws SQLException {
        try (Connection c = DriverManager.getConnection(database.jdbcUrl(), database.user(), "");
             Statement s = c.createStatement()) {
            s.execute("TRUNCATE task_events, task_runs, task_comments, task_links, tasks");
        }
    }

    @Override
    BoardStore open(BoardOptions options) {
        Properties props = new Properties();
        props.setProperty("user", database.user());
        return PostgresBoardStore.open(database.jdbcUrl(), props, options);
    }
}

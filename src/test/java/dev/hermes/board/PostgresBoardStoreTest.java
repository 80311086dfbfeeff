package dev.hermes.board;

import dev.hermes.testing.PostgresServer;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;

/** The board contract on a real PostgreSQL server (one database for this class, emptied per test). */
@ExtendWith(PostgresServer.Extension.class)
final class PostgresBoardStoreTest extends BoardReviewContract {

    private static PostgresServer.Database database;

    @BeforeAll
    static void database(PostgresServer.Database db) {
        database = db;
    }

    @Override
    BoardStore open(BoardOptions options) {
        Properties props = new Properties();
        props.setProperty("user", database.user());
        // the libpq URL form is what users paste; it must work as well as the JDBC form
        return PostgresBoardStore.open(database.jdbcUrl().substring("jdbc:".length()), props, options);
    }

    @BeforeEach
    void emptyTheBoard() throws SQLException {
        try (Connection c = DriverManager.getConnection(database.jdbcUrl(), database.user(), "");
             Statement s = c.createStatement()) {
            s.execute("TRUNCATE task_events, task_runs, task_comments, task_links, tasks");
        }
    }
}

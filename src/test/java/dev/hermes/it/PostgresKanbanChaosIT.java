package dev.hermes.it;

import dev.hermes.board.BoardOptions;
import dev.hermes.board.BoardStore;
import dev.hermes.board.PostgresBoardStore;
import dev.hermes.testing.PostgresServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.Properties;

/** The chaos test on a real PostgreSQL board; workers reach it through the URL in their environment. */
@ExtendWith(PostgresServer.Extension.class)
final class PostgresKanbanChaosIT extends KanbanChaosContract {

    private static PostgresServer.Database database;

    @BeforeAll
    static void database(PostgresServer.Database db) {
        database = db;
    }

    @Override
    BoardStore open() {
        return PostgresBoardStore.open(boardLocation(), new Properties(), BoardOptions.DEFAULTS);
    }

    @Override
    String boardLocation() {
        return database.jdbcUrl() + "?user=" + database.user();
    }
}

package dev.hermes.it;

import dev.hermes.board.BoardOptions;
import dev.hermes.board.BoardStore;
import dev.hermes.board.PostgresBoardStore;
import dev.hermes.testing.PostgresServer;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;

/** The dashboard in a browser on a PostgreSQL board that the CLI reaches through HERMES_BOARD_URL. */
@ExtendWith(PostgresServer.Extension.class)
final class PostgresDashboardBrowserIT extends DashboardBrowserContract {

    private static PostgresServer.Database database;

    @BeforeAll
    static void database(PostgresServer.Database db) {
        database = db;
    }

    private static String url() {
        return database.jdbcUrl() + "?user=" + database.user();
    }

    @Override
    Map<String, String> boardEnvironment() {
        return Map.of("HERMES_BOARD_URL", url());
    }

    @Override
    BoardStore openBoard(Path home) {
        return PostgresBoardStore.open(url(), new Properties(), BoardOptions.DEFAULTS);
    }

    @Override
    Path screenshot() {
        return null;
    }
}

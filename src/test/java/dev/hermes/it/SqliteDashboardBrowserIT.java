package dev.hermes.it;

import dev.hermes.board.BoardOptions;
import dev.hermes.board.BoardStore;
import dev.hermes.board.SqliteBoardStore;
import dev.hermes.testing.HermesProcess;
import java.nio.file.Path;
import java.util.Map;

/** The dashboard in a browser on the home's SQLite board; takes the screenshot in docs/kanban.md. */
final class SqliteDashboardBrowserIT extends DashboardBrowserContract {

    @Override
    Map<String, String> boardEnvironment() {
        return Map.of();
    }

    @Override
    BoardStore openBoard(Path home) {
        return SqliteBoardStore.open(home.resolve("boards").resolve("default.db"), BoardOptions.DEFAULTS);
    }

    @Override
    Path screenshot() {
        return HermesProcess.root().resolve("docs/images/dashboard.png");
    }
}

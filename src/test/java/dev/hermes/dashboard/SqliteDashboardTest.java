package dev.hermes.dashboard;

import dev.hermes.board.BoardOptions;
import dev.hermes.board.BoardStore;
import dev.hermes.board.SqliteBoardStore;

/** The dashboard on a SQLite board file. */
final class SqliteDashboardTest extends DashboardContract {

    @Override
    BoardStore open(BoardOptions options) {
        return SqliteBoardStore.open(dir.resolve("board.db"), options);
    }
}

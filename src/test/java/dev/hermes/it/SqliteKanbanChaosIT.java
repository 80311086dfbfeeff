package dev.hermes.it;

import dev.hermes.board.BoardOptions;
import dev.hermes.board.BoardStore;
import dev.hermes.board.SqliteBoardStore;

/** The chaos test on a SQLite board file shared by the dispatcher and every worker process. */
final class SqliteKanbanChaosIT extends KanbanChaosContract {

    @Override
    BoardStore open() {
        return SqliteBoardStore.open(root.resolve("boards/default.db"), BoardOptions.DEFAULTS);
    }

    @Override
    String boardLocation() {
        return root.resolve("boards/default.db").toString();
    }
}

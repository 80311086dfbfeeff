package dev.hermes.board.dispatch;

import dev.hermes.board.BoardOptions;
import dev.hermes.board.BoardStore;
import dev.hermes.board.SqliteBoardStore;

/** The dispatcher on a SQLite board file shared with its worker processes. */
final class SqliteDispatcherTest extends DispatcherContract {

    @Override
    BoardStore open(BoardOptions options) {
        return SqliteBoardStore.open(dir.resolve("board.db"), options);
    }

    @Override
    String boardLocation() {
        return dir.resolve("board.db").toString();
    }
}

package dev.hermes.board;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The board contract on a SQLite file. */
final class SqliteBoardStoreTest extends BoardReviewContract {

    @TempDir
    Path dir;

    @Override
    BoardStore open(BoardOptions options) {
        return SqliteBoardStore.open(dir.resolve("board.db"), options);
    }
}

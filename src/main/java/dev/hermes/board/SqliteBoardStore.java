package dev.hermes.board;

import java.nio.file.Files;
import java.nio.file.Path;
import org.sqlite.SQLiteConfig;

/**
 * A board in one SQLite file, shared safely by threads and processes on one machine: WAL
 * journal, a busy timeout, foreign keys on, and every write in {@code BEGIN IMMEDIATE}. Times
 * come from SQLite's clock (the machine clock, the same for every process on the machine).
 */
public final class SqliteBoardStore extends JdbcBoardStore {

    private SqliteBoardStore(Db db, BoardOptions options) {
        super(db, options);
    }

    /** Opens (creating and migrating if needed) the board at {@code file}; its folder must exist. */
    public static SqliteBoardStore open(Path file, BoardOptions options) {
        Path absolute = file.toAbsolutePath();
        if (absolute.getParent() != null && !Files.isDirectory(absolute.getParent())) {
            throw new IllegalArgumentException("board folder does not exist: " + absolute.getParent());
        }
        SQLiteConfig config = new SQLiteConfig();
        config.setBusyTimeout((int) Math.min(Integer.MAX_VALUE, options.busyTimeout().toMillis()));
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        // NORMAL, the usual choice with WAL: commits survive a process crash; only a power loss or OS crash
        // can drop the last commits (never corrupt the file). FULL would fsync on every claim and heartbeat.
        config.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
        config.enforceForeignKeys(true);
        String url = "jdbc:sqlite:" + absolute;
        return new SqliteBoardStore(new Db(new Dialect.Sqlite(), () -> config.createConnection(url),
                absolute.toString()), options);
    }

    public static SqliteBoardStore open(Path file) {
        return open(file, BoardOptions.DEFAULTS);
    }
}

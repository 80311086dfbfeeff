package dev.hermes.board;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Connections and transactions for one board. Keeps a few idle connections for reuse (no pool
 * library: a deque is enough); a connection that saw an error is closed, not reused. Each
 * operation borrows a connection for its duration only, so one thread at a time uses it.
 */
final class Db implements AutoCloseable {

    @FunctionalInterface
    interface Opener {
        Connection open() throws SQLException;
    }

    @FunctionalInterface
    interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    private static final int MAX_IDLE = 8;

    final Dialect dialect;
    private final Opener opener;
    private final String description;
    private final ConcurrentLinkedDeque<Connection> idle = new ConcurrentLinkedDeque<>();
    private final AtomicBoolean closed = new AtomicBoolean();

    Db(Dialect dialect, Opener opener, String description) {
        this.dialect = dialect;
        this.opener = opener;
        this.description = description;
    }

    /** Runs {@code work} in one write transaction; commits on return, rolls back on any throw. */
    <T> T write(Work<T> work) {
        return withConnection(c -> {
            dialect.begin(c);
            try {
                T result = work.run(c);
                dialect.commit(c);
                return result;
            } catch (SQLException | RuntimeException | Error e) {
                try {
                    dialect.rollback(c);
                } catch (SQLException suppressed) {
                    e.addSuppressed(suppressed);
                }
                throw e;
            }
        });
    }

    /**
     * Runs {@code work} that writes with one statement, in autocommit mode: the statement is its
     * own transaction, so on a network database the whole write is one round trip.
     */
    <T> T statement(Work<T> work) {
        return withConnection(work);
    }

    /** Runs read-only {@code work} in autocommit mode. */
    <T> T read(Work<T> work) {
        return withConnection(work);
    }

    private <T> T withConnection(Work<T> work) {
        if (closed.get()) {
            throw new IllegalStateException("board store is closed: " + description);
        }
        Connection c = null;
        boolean healthy = false;
        try {
            c = borrow();
            T result = work.run(c);
            healthy = true;
            return result;
        } catch (SQLException e) {
            throw new BoardException.Storage("board " + description + ": " + e.getMessage(), e);
        } catch (BoardException e) {
            healthy = true; // a refused operation, rolled back cleanly
            throw e;
        } finally {
            if (c != null) {
                giveBack(c, healthy);
            }
        }
    }

    private Connection borrow() throws SQLException {
        Connection c = idle.pollFirst();
        if (c != null) return c;
        c = opener.open();
        Jdbc.keepStatements(c);
        return c;
    }

    private void giveBack(Connection c, boolean healthy) {
        if (healthy && idle.size() < MAX_IDLE) {
            idle.offerFirst(c);
            if (closed.get()) {
                drainIdle(); // close() may have drained just before our offer
            }
            return;
        }
        closeQuietly(c);
    }

    @Override
    public void close() {
        closed.set(true);
        drainIdle();
    }

    private void drainIdle() {
        Connection c;
        while ((c = idle.pollFirst()) != null) {
            closeQuietly(c);
        }
    }

    private static void closeQuietly(Connection c) {
        Jdbc.forget(c);
        try {
            c.close();
        } catch (SQLException ignored) {
            // closing is best effort; the database reclaims the session either way
        }
    }
}

package dev.hermes.board;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Connections and transactions for one board. Keeps a few idle connections for reuse (no pool
 * library: a deque is enough); a connection that saw an error is closed, not reused. Each
 * operation borrows a connection for its duration only, so one thread at a time uses it.
 *
 * <p>With a single-writer dialect (SQLite) this process's write transactions also queue on one
 * lock before {@code BEGIN}: the database admits one writer anyway, and a writer that finds the
 * database locked waits in SQLite's busy handler, which sleeps in steps of up to 100 ms and so
 * leaves the lock idle long after it was freed (profiled: 70% of claim time was spent there with
 * 8 claimers). Other processes still meet the busy timeout, as before.
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
    /** This process's writers, queued before {@code BEGIN}; null when the dialect has concurrent writers. */
    private final ReentrantLock writers;
    private final Duration writerWait;

    /** {@code writerWait}: how long a write waits for this process's other writers (the busy timeout). */
    Db(Dialect dialect, Opener opener, String description, Duration writerWait) {
        this.dialect = dialect;
        this.opener = opener;
        this.description = description;
        this.writers = dialect.singleWriter() ? new ReentrantLock() : null;
        this.writerWait = writerWait;
    }

    /** Runs {@code work} in one write transaction; commits on return, rolls back on any throw. */
    <T> T write(Work<T> work) {
        if (writers == null) {
            return transaction(work);
        }
        awaitWriterTurn();
        try {
            return transaction(work);
        } finally {
            writers.unlock();
        }
    }

    /**
     * Takes the writer lock within {@code writerWait}. Not interruptible, like the busy wait it
     * replaces: an interrupted caller (a dispatcher shutting down) still gets its write done.
     */
    private void awaitWriterTurn() {
        long deadline = System.nanoTime() + writerWait.toNanos();
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    if (writers.tryLock(deadline - System.nanoTime(), TimeUnit.NANOSECONDS)) {
                        return;
                    }
                    throw new BoardException.Storage("board " + description + ": database is locked (waited "
                            + writerWait.toMillis() + " ms for this process's other writers)", null);
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private <T> T transaction(Work<T> work) {
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
        return c != null ? c : opener.open();
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
        try {
            c.close();
        } catch (SQLException ignored) {
            // closing is best effort; the database reclaims the session either way
        }
    }
}

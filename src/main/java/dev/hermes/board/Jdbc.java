package dev.hermes.board;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The tiny JDBC helper: bind positional arguments, run, map rows. No ORM on purpose.
 *
 * <p>Statements are prepared once per connection and kept ({@link #keepStatements}): SQLite parses
 * and plans a statement on every {@code prepareStatement}, which was a good part of a short
 * claim transaction, spent while holding the database's one write lock.
 */
final class Jdbc {

    /** Distinct statements kept per connection; the board issues a few dozen shapes. */
    private static final int STATEMENTS_PER_CONNECTION = 128;

    /** Kept statements by connection (identity: drivers do not override equals). */
    private static final Map<Connection, Map<String, PreparedStatement>> KEPT = new ConcurrentHashMap<>();

    @FunctionalInterface
    interface RowMapper<T> {
        T map(ResultSet rs) throws SQLException;
    }

    private Jdbc() {
    }

    /** From now on statements run on {@code c} are kept until {@link #forget}; one thread at a time uses {@code c}. */
    static void keepStatements(Connection c) {
        KEPT.put(c, new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, PreparedStatement> eldest) {
                if (size() <= STATEMENTS_PER_CONNECTION) return false;
                closeQuietly(eldest.getValue());
                return true;
            }
        });
    }

    /** Drops (and closes) the statements kept for {@code c}; call before closing it. */
    static void forget(Connection c) {
        Map<String, PreparedStatement> kept = KEPT.remove(c);
        if (kept != null) kept.values().forEach(Jdbc::closeQuietly);
    }

    static int update(Connection c, String sql, Object... args) throws SQLException {
        PreparedStatement ps = prepare(c, sql, args);
        boolean ran = false;
        try {
            int n = ps.executeUpdate();
            ran = true;
            return n;
        } finally {
            release(c, sql, ps, ran);
        }
    }

    static <T> List<T> list(Connection c, String sql, RowMapper<T> mapper, Object... args) throws SQLException {
        PreparedStatement ps = prepare(c, sql, args);
        boolean ran = false;
        try (ResultSet rs = ps.executeQuery()) {
            List<T> rows = new ArrayList<>();
            while (rs.next()) {
                rows.add(mapper.map(rs));
            }
            ran = true;
            return rows;
        } finally {
            release(c, sql, ps, ran);
        }
    }

    static <T> Optional<T> one(Connection c, String sql, RowMapper<T> mapper, Object... args) throws SQLException {
        List<T> rows = list(c, sql, mapper, args);
        if (rows.size() > 1) {
            throw new IllegalStateException("expected at most one row, got " + rows.size() + " for: " + sql);
        }
        return rows.stream().findFirst();
    }

    /** Nullable long column. */
    static Long longOrNull(ResultSet rs, String column) throws SQLException {
        long v = rs.getLong(column);
        return rs.wasNull() ? null : v;
    }

    private static PreparedStatement prepare(Connection c, String sql, Object[] args) throws SQLException {
        Map<String, PreparedStatement> kept = KEPT.get(c);
        PreparedStatement ps = kept == null ? null : kept.remove(sql);
        if (ps == null) ps = c.prepareStatement(sql);
        if (kept != null) kept.put(sql, ps); // re-inserted: the most recently used
        try {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, plain(args[i]));
            }
            return ps;
        } catch (SQLException | RuntimeException e) {
            discard(c, sql, ps);
            throw e;
        }
    }

    /**
     * After a use: a kept statement that ran is cleared for the next one; one that failed is
     * dropped (it may be stale, after a schema change say), and nothing here may replace the
     * failure the caller is about to see.
     */
    private static void release(Connection c, String sql, PreparedStatement ps, boolean ran) {
        Map<String, PreparedStatement> kept = KEPT.get(c);
        if (ran && kept != null && kept.get(sql) == ps) {
            try {
                ps.clearParameters();
                return;
            } catch (SQLException e) {
                // not reusable after all
            }
        }
        discard(c, sql, ps);
    }

    private static void discard(Connection c, String sql, PreparedStatement ps) {
        Map<String, PreparedStatement> kept = KEPT.get(c);
        if (kept != null) kept.remove(sql, ps);
        closeQuietly(ps);
    }

    private static void closeQuietly(PreparedStatement ps) {
        try {
            ps.close();
        } catch (SQLException ignored) {
            // the connection is going away or the statement was already closed
        }
    }

    private static Object plain(Object arg) {
        return switch (arg) {
            case null -> null;
            case TaskId id -> id.value();
            case TaskStatus s -> s.sql();
            case RunOutcome o -> o.sql();
            default -> arg;
        };
    }
}

package dev.hermes.board;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;

/**
 * What differs between the two backends: the clock expression, row locking, transaction
 * control and time columns. Everything else is shared SQL.
 */
sealed interface Dialect permits Dialect.Sqlite, Dialect.Postgres {

    /** Folder under {@code db/} holding this backend's migrations. */
    String name();

    /** SQL expression for the database's current time. */
    String now();

    /** SQL expression for now plus one bound parameter of milliseconds. */
    String nowPlusMillis();

    /** Row-lock suffix for a SELECT ({@code skipLocked}: pass over rows others hold). */
    String forUpdate(boolean skipLocked);

    Instant instant(ResultSet rs, String column) throws SQLException;

    /** Starts a write transaction on an autocommit connection. */
    void begin(Connection c) throws SQLException;

    void commit(Connection c) throws SQLException;

    void rollback(Connection c) throws SQLException;

    /** Serializes link changes so two concurrent links cannot close a cycle together. */
    void lockLinks(Connection c) throws SQLException;

    /** Serializes concurrent migrators. */
    void lockMigrations(Connection c) throws SQLException;

    String schemaVersionDdl();

    /**
     * SQLite: times are INTEGER milliseconds since the epoch from SQLite's own clock, which on one
     * machine is the machine clock every process sharing the file reads. Writes run in
     * {@code BEGIN IMMEDIATE}, which takes the database's write lock up front (waiting up to the
     * busy timeout), so a write transaction never fails half-way on lock upgrade. Transactions
     * are issued as SQL rather than through {@code setAutoCommit(false)}, because the driver
     * would begin the next IMMEDIATE transaction right after each commit and hold the lock idle.
     */
    record Sqlite() implements Dialect {
        private static final String NOW = "CAST(unixepoch('subsec') * 1000 AS INTEGER)";

        public String name() { return "sqlite"; }
        public String now() { return NOW; }
        public String nowPlusMillis() { return "(" + NOW + " + ?)"; }
        public String forUpdate(boolean skipLocked) { return ""; }

        public Instant instant(ResultSet rs, String column) throws SQLException {
            long v = rs.getLong(column);
            return rs.wasNull() ? null : Instant.ofEpochMilli(v);
        }

        public void begin(Connection c) throws SQLException { Jdbc.update(c, "BEGIN IMMEDIATE"); }
        public void commit(Connection c) throws SQLException { Jdbc.update(c, "COMMIT"); }

        public void rollback(Connection c) throws SQLException {
            try {
                exec(c, "ROLLBACK");
            } catch (SQLException e) {
                // SQLite ends a transaction by itself on some errors; then there is nothing to undo.
                if (!String.valueOf(e.getMessage()).contains("no transaction is active")) {
                    throw e;
                }
            }
        }

        public void lockLinks(Connection c) { /* BEGIN IMMEDIATE already serializes writers */ }
        public void lockMigrations(Connection c) { /* idem */ }

        public String schemaVersionDdl() {
            return "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, name TEXT NOT NULL, "
                    + "applied_at INTEGER NOT NULL)";
        }
    }

    /**
     * PostgreSQL: {@code timestamptz} columns and {@code now()} (the transaction's start time in
     * the server's clock), READ COMMITTED with row locks; claims use {@code FOR UPDATE SKIP
     * LOCKED} so concurrent claimers pass over each other's candidate instead of queueing.
     */
    record Postgres() implements Dialect {
        public String name() { return "postgresql"; }
        public String now() { return "now()"; }
        public String nowPlusMillis() { return "(now() + CAST(? AS bigint) * interval '1 millisecond')"; }
        public String forUpdate(boolean skipLocked) { return skipLocked ? " FOR UPDATE SKIP LOCKED" : " FOR UPDATE"; }

        public Instant instant(ResultSet rs, String column) throws SQLException {
            OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
            return t == null ? null : t.toInstant();
        }

        public void begin(Connection c) throws SQLException { c.setAutoCommit(false); }

        public void commit(Connection c) throws SQLException {
            c.commit();
            c.setAutoCommit(true);
        }

        public void rollback(Connection c) throws SQLException {
            c.rollback();
            c.setAutoCommit(true);
        }

        public void lockLinks(Connection c) throws SQLException {
            exec(c, "LOCK TABLE task_links IN SHARE ROW EXCLUSIVE MODE");
        }

        public void lockMigrations(Connection c) throws SQLException {
            exec(c, "SELECT pg_advisory_xact_lock(7245190331)");
        }

        public String schemaVersionDdl() {
            return "CREATE TABLE IF NOT EXISTS schema_version (version integer PRIMARY KEY, name text NOT NULL, "
                    + "applied_at timestamptz NOT NULL)";
        }
    }

    private static void exec(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}

package dev.hermes.board;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * Applies the versioned SQL files under {@code db/<dialect>/} in order, recording each in
 * {@code schema_version}, all in one transaction (both backends have transactional DDL).
 * Opening an up-to-date board applies nothing, so opening twice is harmless; concurrent openers
 * are serialized by the dialect's migration lock.
 */
final class Migrator {

    /** Every migration, in order; both backends have a file of each name. */
    static final List<String> MIGRATIONS = List.of("V1__init.sql", "V2__worker_hold.sql", "V3__review_and_protocol.sql",
            "V4__claim_order_index.sql");

    private Migrator() {
    }

    /** Returns the number of migrations applied now. */
    static int migrate(Db db) {
        Dialect d = db.dialect;
        return db.write(c -> {
            d.lockMigrations(c);
            exec(c, d.schemaVersionDdl());
            int current = Jdbc.one(c, "SELECT COALESCE(MAX(version), 0) AS v FROM schema_version",
                    rs -> rs.getInt("v")).orElse(0);
            if (current > MIGRATIONS.size()) {
                throw new BoardException.Storage("board schema version " + current
                        + " is newer than this program knows (" + MIGRATIONS.size() + "); upgrade hermes", null);
            }
            for (int v = current + 1; v <= MIGRATIONS.size(); v++) {
                String name = MIGRATIONS.get(v - 1);
                for (String statement : statements(load(d.name() + "/" + name))) {
                    exec(c, statement);
                }
                Jdbc.update(c, "INSERT INTO schema_version (version, name, applied_at) VALUES (?, ?, " + d.now() + ")",
                        v, name);
            }
            return MIGRATIONS.size() - current;
        });
    }

    static String load(String path) {
        String resource = "/db/" + path;
        try (InputStream in = Migrator.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing migration resource " + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read migration resource " + resource, e);
        }
    }

    /** Splits on semicolons ending a line; comment-only lines are dropped. No triggers, so enough. */
    static List<String> statements(String script) {
        StringBuilder cleaned = new StringBuilder();
        for (String line : script.split("\n")) {
            if (!line.strip().startsWith("--")) {
                cleaned.append(line).append('\n');
            }
        }
        return java.util.Arrays.stream(cleaned.toString().split(";\\s*\n"))
                .map(String::strip)
                .filter(s -> !s.isEmpty())
                .toList();
    }

    private static void exec(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}

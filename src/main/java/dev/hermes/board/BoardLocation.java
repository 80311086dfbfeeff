package dev.hermes.board;

import java.nio.file.Path;
import java.util.Properties;

/**
 * Where a board lives, as one string: a {@code postgresql://}, {@code postgres://} or
 * {@code jdbc:postgresql://} URL selects PostgreSQL, anything else is a SQLite file path. This
 * string is what workers receive in {@code HERMES_KANBAN_BOARD}.
 */
public final class BoardLocation {

    private BoardLocation() {
    }

    public static boolean isPostgres(String location) {
        return location.startsWith("postgresql://") || location.startsWith("postgres://")
                || location.startsWith("jdbc:postgresql://");
    }

    /** Opens (creating and migrating when needed) the board; the caller closes it. */
    public static BoardStore open(String location, BoardOptions options) {
        return isPostgres(location) ? PostgresBoardStore.open(location, new Properties(), options)
                : SqliteBoardStore.open(Path.of(location), options);
    }

    /** The location for people and logs: a PostgreSQL password is masked. */
    public static String display(String location) {
        return isPostgres(location) ? location.replaceAll("://([^:/@]+):[^@/]*@", "://$1:***@")
                .replaceAll("(?i)(password=)[^&]*", "$1***") : location;
    }
}

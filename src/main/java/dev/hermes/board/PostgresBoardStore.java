package dev.hermes.board;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.sql.DriverManager;
import java.util.Properties;

/**
 * A board in a PostgreSQL database (the schema is created in the connection's default schema).
 * Claims use {@code FOR UPDATE SKIP LOCKED}; leases use the server's {@code now()}.
 */
public final class PostgresBoardStore extends JdbcBoardStore {

    private PostgresBoardStore(Db db, BoardOptions options) {
        super(db, options);
    }

    /**
     * Opens the board at {@code url}: {@code jdbc:postgresql://...} or the libpq form
     * {@code postgresql://...} / {@code postgres://...} (credentials as {@code user:password@host},
     * in the query {@code ?user=u&password=p}, or in {@code properties}, which win). The URL is never echoed in
     * errors, since it may carry a password.
     */
    public static PostgresBoardStore open(String url, Properties properties, BoardOptions options) {
        Properties props = new Properties();
        String jdbcUrl = jdbcUrl(url, props);
        props.putAll(properties);
        return new PostgresBoardStore(new Db(new Dialect.Postgres(), () -> DriverManager.getConnection(jdbcUrl, props),
                "postgresql"), options);
    }

    public static PostgresBoardStore open(String url) {
        return open(url, new Properties(), BoardOptions.DEFAULTS);
    }

    /** The JDBC form of {@code url}; user info ({@code user:pw@}) moves into {@code props}. */
    static String jdbcUrl(String url, Properties props) {
        if (url.startsWith("jdbc:postgresql://")) {
            return url;
        }
        String rest = url.startsWith("postgresql://") ? url.substring("postgresql://".length())
                : url.startsWith("postgres://") ? url.substring("postgres://".length()) : null;
        if (rest != null) {
            int slash = rest.indexOf('/');
            int at = rest.lastIndexOf('@', slash < 0 ? rest.length() : slash);
            if (at >= 0) {
                String[] userInfo = rest.substring(0, at).split(":", 2);
                props.setProperty("user", decode(userInfo[0]));
                if (userInfo.length == 2) {
                    props.setProperty("password", decode(userInfo[1]));
                }
                rest = rest.substring(at + 1);
            }
            return "jdbc:postgresql://" + rest;
        }
        throw new IllegalArgumentException("not a PostgreSQL URL (expected postgresql://host:port/db or "
                + "jdbc:postgresql://...)");
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }
}

package dev.hermes.board;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * A board in a PostgreSQL database (the schema is created in the connection's default schema).
 * Claims use {@code FOR UPDATE SKIP LOCKED}; leases use the server's {@code now()}.
 */
public final class PostgresBoardStore extends JdbcBoardStore {

    /**
     * A board session left idle inside a transaction for this long is ended by the server, which
     * releases its row locks: a worker stopped mid-transaction (SIGSTOP, a debugger, a swapped-out
     * host) cannot stall the claimers waiting on its rows. Board transactions last milliseconds
     * and never wait on anything outside the database inside one.
     */
    static final Duration IDLE_IN_TRANSACTION = Duration.ofSeconds(5);

    private final PostgresHotPath hotPath;

    private PostgresBoardStore(Db db, BoardOptions options) {
        super(db, options);
        this.hotPath = new PostgresHotPath(db);
    }

    @Override
    public Optional<Claim> claim(Claimant claimant, Duration lease, ClaimFilter filter) {
        return hotPath.claim(claimant, lease, filter);
    }

    /** One round trip when the fence holds; a rejection is recorded by the shared path. */
    @Override
    public WriteResult complete(Claim claim, String summary, Map<String, ?> metadata) {
        return hotPath.complete(claim, summary, metadata).orElseGet(() -> super.complete(claim, summary, metadata));
    }

    /**
     * Opens the board at {@code url}: {@code jdbc:postgresql://...} or the libpq form
     * {@code postgresql://...} / {@code postgres://...} (credentials as {@code user:password@host},
     * in the query {@code ?user=u&password=p}, or in {@code properties}, which win; an {@code options}
     * property replaces the {@link #IDLE_IN_TRANSACTION} setting). The URL is never echoed in
     * errors, since it may carry a password.
     */
    public static PostgresBoardStore open(String url, Properties properties, BoardOptions options) {
        Properties props = new Properties();
        props.setProperty("options", "-c idle_in_transaction_session_timeout=" + IDLE_IN_TRANSACTION.toMillis());
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

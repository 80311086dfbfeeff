package dev.hermes.board;

import java.util.Properties;

/**
 * A child process for {@link PostgresStoppedSessionTest}: opens the board at a PostgreSQL URL as a
 * worker would, locks one task row inside a write transaction, prints "locked", then waits inside
 * that transaction until it is stopped or killed.
 * Arguments: JDBC URL, user, task id, and optionally the {@code options} connection property.
 */
public final class HoldTransactionMain {

    private HoldTransactionMain() {
    }

    public static void main(String[] args) throws Exception {
        Properties props = new Properties();
        props.setProperty("user", args[1]);
        if (args.length > 3) props.setProperty("options", args[3]);
        try (JdbcBoardStore store = PostgresBoardStore.open(args[0], props, BoardOptions.DEFAULTS)) {
            store.db().write(c -> {
                Rows.lockTask(c, new Dialect.Postgres(), TaskId.of(args[2]));
                System.out.println("locked");
                System.out.flush();
                try {
                    Thread.sleep(Long.MAX_VALUE);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return null;
            });
        }
    }
}

package dev.hermes.testing;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * A real, throwaway PostgreSQL server for tests, from Debian's binaries under
 * {@code /usr/lib/postgresql/<version>/bin}: initdb in a temp folder, pg_ctl start on a free
 * loopback port (fsync off), one server per test run shared by every class, stopped when the
 * run ends (JUnit's root store closes it; a JVM shutdown hook is the safety net). As root the
 * binaries run through {@code runuser -u postgres --}, since initdb refuses root.
 *
 * <p>Use {@code @ExtendWith(PostgresServer.Extension.class)} and take a {@link Database}
 * parameter: each test class gets its own database. Without the binaries the tests are skipped,
 * unless env {@code CI=true}, where that is a failure (CI installs postgresql).
 */
public final class PostgresServer implements AutoCloseable {

    /** A database of its own for one test class. */
    public record Database(String jdbcUrl, String user) {
    }

    private static final AtomicInteger DATABASES = new AtomicInteger();

    private final Path bin;
    private final Path dir;
    private final int port;
    private final boolean asPostgresUser;
    private volatile boolean stopped;

    private PostgresServer(Path bin, Path dir, int port, boolean asPostgresUser) {
        this.bin = bin;
        this.dir = dir;
        this.port = port;
        this.asPostgresUser = asPostgresUser;
    }

    /** Resolves {@link Database} parameters, starting the shared server on first use. */
    public static final class Extension implements BeforeAllCallback, ParameterResolver {
        private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(PostgresServer.class);

        @Override
        public void beforeAll(ExtensionContext context) {
            PostgresServer server = context.getRoot().getStore(NS)
                    .getOrComputeIfAbsent("server", k -> PostgresServer.start(), PostgresServer.class);
            Database db = server.createDatabase(context.getRequiredTestClass().getSimpleName());
            context.getStore(NS).put("database", db);
        }

        @Override
        public boolean supportsParameter(ParameterContext p, ExtensionContext e) {
            return p.getParameter().getType() == Database.class;
        }

        @Override
        public Object resolveParameter(ParameterContext p, ExtensionContext e) {
            return e.getStore(NS).get("database", Database.class);
        }
    }

    /**
     * Starts a server outside JUnit too (benchmarks); the caller closes it. Without the binaries
     * this throws JUnit's abort exception (or fails with CI=true).
     */
    public static PostgresServer start() {
        Optional<Path> bin = findBinaries();
        if (bin.isEmpty()) {
            String message = "PostgreSQL server binaries not found under /usr/lib/postgresql/*/bin "
                    + "(apt-get install postgresql)";
            if ("true".equals(System.getenv("CI"))) {
                Assertions.fail(message + "; CI=true, so PostgreSQL tests must run");
            }
            Assumptions.abort(message + "; skipping PostgreSQL tests");
        }
        try {
            boolean root = "root".equals(System.getProperty("user.name"));
            Path dir = Files.createTempDirectory("hermes-pg");
            PostgresServer server = new PostgresServer(bin.get(), dir, freePort(), root);
            if (root) {
                UserPrincipal postgres = dir.getFileSystem().getUserPrincipalLookupService()
                        .lookupPrincipalByName("postgres");
                Files.setOwner(dir, postgres);
            }
            Runtime.getRuntime().addShutdownHook(new Thread(server::close, "postgres-test-server-stop"));
            server.run("initdb", "-D", dir.resolve("data").toString(), "-A", "trust", "-U", "test", "-E", "UTF8",
                    "--locale=C", "-N");
            server.run("pg_ctl", "-D", dir.resolve("data").toString(), "-l", dir.resolve("server.log").toString(),
                    "-o", "-p " + server.port + " -k " + dir + " -c listen_addresses=127.0.0.1 -c fsync=off "
                            + "-c synchronous_commit=off -c full_page_writes=off -c max_connections=100",
                    "-w", "-t", "30", "start");
            return server;
        } catch (IOException e) {
            throw new IllegalStateException("could not start the test PostgreSQL server", e);
        }
    }

    public Database createDatabase(String hint) {
        String name = hint.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "_") + "_" + DATABASES.incrementAndGet();
        try (Connection c = DriverManager.getConnection(url("postgres"), "test", "");
             Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("could not create test database " + name, e);
        }
        return new Database(url(name), "test");
    }

    private String url(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    @Override
    public synchronized void close() {
        if (stopped) {
            return;
        }
        stopped = true;
        try {
            run("pg_ctl", "-D", dir.resolve("data").toString(), "-m", "immediate", "-w", "stop");
        } catch (RuntimeException | IOException e) {
            System.err.println("test PostgreSQL server did not stop cleanly: " + e.getMessage());
        }
        deleteQuietly(dir);
    }

    private void run(String tool, String... args) throws IOException {
        List<String> command = new ArrayList<>();
        if (asPostgresUser) {
            command.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        command.add(bin.resolve(tool).toString());
        command.addAll(List.of(args));
        Path output = Files.createTempFile("hermes-pg-" + tool, ".out");
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException(tool + " did not finish within 60 s");
            }
            if (p.exitValue() != 0) {
                throw new IllegalStateException(tool + " failed (exit " + p.exitValue() + "): "
                        + Files.readString(output) + serverLog());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + tool, e);
        } finally {
            Files.deleteIfExists(output);
        }
    }

    private String serverLog() {
        try {
            Path log = dir.resolve("server.log");
            return Files.exists(log) ? "\nserver.log:\n" + Files.readString(log) : "";
        } catch (IOException e) {
            return "";
        }
    }

    private static Optional<Path> findBinaries() {
        Path root = Path.of("/usr/lib/postgresql");
        if (!Files.isDirectory(root)) {
            return Optional.empty();
        }
        try (Stream<Path> versions = Files.list(root)) {
            return versions.map(v -> v.resolve("bin"))
                    .filter(b -> Files.isExecutable(b.resolve("initdb")) && Files.isExecutable(b.resolve("pg_ctl")))
                    .max(Comparator.comparingInt(PostgresServer::majorVersion));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static int majorVersion(Path bin) {
        try {
            return Integer.parseInt(bin.getParent().getFileName().toString());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static void deleteQuietly(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            System.err.println("could not delete " + root + ": " + e.getMessage());
        }
    }
}

package dev.hermes.testing;

import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The third-party MCP servers the tests run, installed from npm into a cache directory on first
 * use ({@code $HERMES_TEST_CACHE}, default {@code ~/.cache/hermes-test}) and reused afterwards;
 * run with the machine's Node. Without npm the tests that need them are skipped with a message;
 * a failed install fails them.
 */
public final class NpmMcpServers {

    public static final String VERSION = "2026.8.31";
    public static final String FILESYSTEM = "@modelcontextprotocol/server-filesystem";
    public static final String EVERYTHING = "@modelcontextprotocol/server-everything";
    private static final long INSTALL_MINUTES = 5;

    private NpmMcpServers() {
    }

    /** The directory holding {@code node_modules} with both servers, installing them if needed. */
    public static synchronized Path installed() throws IOException, InterruptedException {
        Path dir = cacheRoot().resolve("mcp-servers-" + VERSION);
        if (ready(dir)) return dir;
        String npm = onPath("npm");
        Assumptions.assumeTrue(npm != null, "npm is not installed (apt-get install npm): skipping the tests against"
                + " real MCP servers");
        Files.createDirectories(dir);
        try (RandomAccessFile f = new RandomAccessFile(dir.resolve(".lock").toFile(), "rw"); FileLock lock = f.getChannel().lock()) {
            if (ready(dir)) return dir; // another process installed them meanwhile
            Path log = dir.resolve("npm-install.log");
            Process p = new ProcessBuilder(npm, "install", "--no-audit", "--no-fund", "--prefix", dir.toString(),
                    FILESYSTEM + "@" + VERSION, EVERYTHING + "@" + VERSION)
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            if (!p.waitFor(INSTALL_MINUTES, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new IOException("npm install of the MCP test servers took over " + INSTALL_MINUTES + " minutes; see " + log);
            }
            if (p.exitValue() != 0 || !ready(dir)) {
                throw new IOException("npm install of the MCP test servers failed (exit " + p.exitValue() + "): "
                        + Files.readString(log, StandardCharsets.UTF_8));
            }
        }
        return dir;
    }

    /** {@code node <entry point> args...} for one of the servers. */
    public static List<String> command(String pkg, String... args) throws IOException, InterruptedException {
        Path entry = installed().resolve("node_modules").resolve(pkg).resolve("dist/index.js");
        String node = onPath("node");
        Assumptions.assumeTrue(node != null, "node is not installed: skipping the tests against real MCP servers");
        List<String> cmd = new java.util.ArrayList<>(List.of(node, entry.toString()));
        cmd.addAll(List.of(args));
        return cmd;
    }

    private static boolean ready(Path dir) {
        return Files.isRegularFile(dir.resolve("node_modules").resolve(FILESYSTEM).resolve("dist/index.js"))
                && Files.isRegularFile(dir.resolve("node_modules").resolve(EVERYTHING).resolve("dist/index.js"));
    }

    private static Path cacheRoot() {
        String env = System.getenv("HERMES_TEST_CACHE");
        return env != null && !env.isBlank() ? Path.of(env) : Path.of(System.getProperty("user.home"), ".cache", "hermes-test");
    }

    static String onPath(String program) {
        for (String d : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
            Path p = Path.of(d.isEmpty() ? "." : d, program);
            if (Files.isExecutable(p)) return p.toString();
        }
        return null;
    }
}

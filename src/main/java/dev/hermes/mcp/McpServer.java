package dev.hermes.mcp;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hermes.config.McpServerConfig;
import dev.hermes.tools.ProcessTree;
import dev.hermes.tools.ToolOutcome;
import dev.hermes.util.MonotonicClock;
import dev.hermes.util.Sleeper;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.json.jackson2.JacksonMcpJsonMapper;
import io.modelcontextprotocol.spec.McpClientTransport;
import io.modelcontextprotocol.spec.McpSchema;

import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;

/**
 * One configured MCP server and its connection. Starting (process, {@code initialize},
 * {@code tools/list}) is bounded by {@code connect_timeout}; a call by {@code timeout}. A server
 * that exits, hangs past a timeout or breaks its stream is dropped (its process group killed) and
 * started again by the next call, so one bad moment does not cost the rest of the session.
 * Thread-safe: calls may run in parallel on one connection.
 */
public final class McpServer implements AutoCloseable {

    /** Why a server could not be used; the message is meant for the model and the user. */
    public static final class McpException extends Exception {
        McpException(String message) {
            super(message);
        }
    }

    private static final JacksonMcpJsonMapper MAPPER = new JacksonMcpJsonMapper(new ObjectMapper());
    private static final ExecutorService CALLS = Executors.newVirtualThreadPerTaskExecutor();
    private static final Duration POLL = Duration.ofMillis(50);
    private static final Duration ACTIVITY_EVERY = Duration.ofSeconds(1);
    private static final Duration KILL_GRACE = Duration.ofMillis(500);

    private record Connection(McpSyncClient client, ChildTransport child, List<McpSchema.Tool> tools) {
        boolean dead() {
            return child != null && child.process().map(p -> !p.isAlive()).orElse(false);
        }
    }

    private final McpServerConfig config;
    private final Map<String, String> environment;
    private final MonotonicClock clock;
    private Connection connection;
    private boolean closed;

    /** @param environment our own environment, from which only {@link ChildEnvironment#SAFE} variables pass */
    public McpServer(McpServerConfig config, Map<String, String> environment, MonotonicClock clock) {
        this.config = config;
        this.environment = Map.copyOf(environment);
        this.clock = clock;
    }

    public McpServerConfig config() {
        return config;
    }

    public String name() {
        return config.name();
    }

    /**
     * Starts the server if it is not running, and returns its tools.
     *
     * @throws McpException saying why it did not start within {@code connect_timeout}
     */
    public synchronized List<McpSchema.Tool> start() throws McpException, InterruptedException {
        if (closed) throw new McpException("MCP server '" + name() + "' was closed with its session");
        if (connection != null && !connection.dead()) return connection.tools();
        drop();
        connection = connect();
        return connection.tools();
    }

    /**
     * Calls one tool, bounded by {@code timeout}. Every failure is an error outcome naming the
     * server; a crash or a hang also drops the connection, so the next call starts it again.
     *
     * @param cancelled  polled while waiting (Ctrl-C)
     * @param onActivity called about once a second while the call runs (kanban heartbeats)
     * @throws InterruptedException when the calling thread is interrupted
     */
    public ToolOutcome call(String tool, Map<String, Object> arguments, BooleanSupplier cancelled, Runnable onActivity)
            throws InterruptedException {
        Connection c;
        try {
            start();
            synchronized (this) {
                c = connection;
            }
        } catch (McpException e) {
            return ToolOutcome.error(e.getMessage());
        }
        Future<McpSchema.CallToolResult> f = CALLS.submit(() -> c.client().callTool(new McpSchema.CallToolRequest(tool, arguments)));
        long start = clock.nanoTime();
        long lastActivity = start;
        try {
            while (true) {
                try {
                    McpSchema.CallToolResult result = f.get(POLL.toMillis(), TimeUnit.MILLISECONDS);
                    onActivity.run();
                    return McpResults.outcome(result);
                } catch (TimeoutException e) {
                    long now = clock.nanoTime();
                    if (now - lastActivity >= ACTIVITY_EVERY.toNanos()) {
                        onActivity.run();
                        lastActivity = now;
                    }
                    if (cancelled.getAsBoolean()) {
                        f.cancel(true);
                        return ToolOutcome.error("cancelled: the call to " + name() + "/" + tool + " was interrupted");
                    }
                    if (c.dead()) return crashed(c, tool);
                    if (now - start >= config.timeout().toNanos()) {
                        f.cancel(true);
                        dropIf(c);
                        return ToolOutcome.error("MCP server '" + name() + "' did not answer the call to " + tool
                                + " within " + seconds(config.timeout()) + " (mcp_servers." + name()
                                + ".timeout); it was stopped and will be started again on the next call");
                    }
                }
            }
        } catch (ExecutionException e) {
            if (c.dead()) return crashed(c, tool);
            return ToolOutcome.error("MCP server '" + name() + "' failed the call to " + tool + ": " + describe(e.getCause()));
        } catch (CancellationException e) {
            return ToolOutcome.error("cancelled: the call to " + name() + "/" + tool + " was interrupted");
        } catch (InterruptedException e) {
            f.cancel(true);
            throw e;
        }
    }

    /** The server exited during a call: say how, and start it again next time. */
    private ToolOutcome crashed(Connection c, String tool) {
        String why = exited(c);
        dropIf(c);
        return ToolOutcome.error("MCP server '" + name() + "' " + why + " during the call to " + tool
                + "; it will be started again on the next call");
    }

    /** Stops the server for good: its whole process group is killed. */
    @Override
    public synchronized void close() {
        closed = true;
        drop();
    }

    private Connection connect() throws McpException, InterruptedException {
        ChildTransport child = null;
        McpClientTransport transport;
        try {
            if (config.stdio()) {
                Map<String, String> env = ChildEnvironment.of(environment, config.env());
                checkCommand(env.get("PATH"));
                child = ChildTransport.of(config.command(), config.args(), env, MAPPER);
                transport = child;
            } else {
                transport = http();
            }
        } catch (IllegalArgumentException e) {
            throw new McpException("MCP server '" + name() + "' cannot be configured: " + e.getMessage());
        }
        McpSyncClient client = McpClient.sync(transport)
                // ours are the bounds that count (below); the SDK's only backstop them
                .requestTimeout(config.timeout().plusSeconds(5))
                .initializationTimeout(config.connectTimeout().plusSeconds(5))
                .clientInfo(new McpSchema.Implementation("hermes", version()))
                .build();
        Connection starting = new Connection(client, child, List.of());
        Future<List<McpSchema.Tool>> f = CALLS.submit(() -> {
            client.initialize();
            return listTools(client);
        });
        long start = clock.nanoTime();
        try {
            while (true) {
                try {
                    return new Connection(client, child, f.get(POLL.toMillis(), TimeUnit.MILLISECONDS));
                } catch (TimeoutException e) {
                    if (starting.dead()) {
                        f.cancel(true);
                        String why = exited(starting);
                        kill(starting);
                        throw new McpException("MCP server '" + name() + "' " + why + " while starting");
                    }
                    if (clock.nanoTime() - start >= config.connectTimeout().toNanos()) {
                        f.cancel(true);
                        kill(starting);
                        throw new McpException("MCP server '" + name() + "' did not answer initialize and tools/list within "
                                + seconds(config.connectTimeout()) + " (mcp_servers." + name() + ".connect_timeout)"
                                + stderr(child));
                    }
                }
            }
        } catch (ExecutionException e) {
            String why = starting.dead() ? exited(starting) : "failed to start: " + describe(e.getCause()) + stderr(child);
            kill(starting);
            throw new McpException("MCP server '" + name() + "' " + why);
        } catch (InterruptedException e) {
            f.cancel(true);
            kill(starting);
            throw e;
        }
    }

    private static List<McpSchema.Tool> listTools(McpSyncClient client) {
        List<McpSchema.Tool> tools = new ArrayList<>();
        String cursor = null;
        do {
            McpSchema.ListToolsResult page = cursor == null ? client.listTools() : client.listTools(cursor);
            if (page.tools() != null) tools.addAll(page.tools());
            cursor = page.nextCursor();
        } while (cursor != null && !cursor.isEmpty());
        return List.copyOf(tools);
    }

    private McpClientTransport http() {
        URI u = config.url();
        String path = u.getRawPath() == null || u.getRawPath().isEmpty() ? "/mcp" : u.getRawPath();
        if (u.getRawQuery() != null) path += "?" + u.getRawQuery();
        HttpRequest.Builder request = HttpRequest.newBuilder();
        config.headers().forEach(request::header);
        return HttpClientStreamableHttpTransport.builder(u.getScheme() + "://" + u.getRawAuthority())
                .endpoint(path)
                .requestBuilder(request)
                .connectTimeout(config.connectTimeout())
                .jsonMapper(MAPPER)
                .build();
    }

    /** A command that is not there fails at once with its name, rather than after connect_timeout. */
    private void checkCommand(String path) throws McpException {
        String cmd = config.command();
        if (cmd.contains("/")) {
            if (!java.nio.file.Files.isExecutable(java.nio.file.Path.of(cmd))) {
                throw new McpException("MCP server '" + name() + "' cannot start: " + cmd + " is not an executable file");
            }
            return;
        }
        for (String dir : (path == null ? "" : path).split(":")) {
            if (!dir.isEmpty() && java.nio.file.Files.isExecutable(java.nio.file.Path.of(dir, cmd))) return;
        }
        throw new McpException("MCP server '" + name() + "' cannot start: command '" + cmd + "' not found on PATH ("
                + (path == null ? "unset" : path) + ")");
    }

    private synchronized void dropIf(Connection c) {
        if (connection == c) drop();
        else kill(c);
    }

    private void drop() {
        if (connection != null) kill(connection);
        connection = null;
    }

    private void kill(Connection c) {
        Optional<Process> process = c.child() == null ? Optional.empty() : c.child().process();
        if (process.isPresent()) {
            ProcessTree tree = new ProcessTree(process.get().toHandle(), c.child().groupLeader(), clock, Sleeper.SYSTEM);
            try {
                tree.kill(KILL_GRACE);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.get().descendants().forEach(ProcessHandle::destroyForcibly);
                process.get().destroyForcibly();
            }
        }
        try {
            c.client().close();
        } catch (RuntimeException ignored) {
            // the process is gone; what the SDK reports about its own shutdown does not matter
        }
    }

    private static String exited(Connection c) {
        String code = c.child().process().map(p -> p.isAlive() ? "?" : String.valueOf(p.exitValue())).orElse("?");
        return "exited (code " + code + ")" + stderr(c.child());
    }

    private static String stderr(ChildTransport child) {
        String tail = child == null ? "" : child.stderrTail();
        return tail.isEmpty() ? "" : "; its stderr ends with:\n" + tail;
    }

    static String describe(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) root = root.getCause();
        String m = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        String top = t.getMessage();
        return top != null && root != t && !top.contains(m) ? top + " (" + m + ")" : m;
    }

    private static String seconds(Duration d) {
        return java.math.BigDecimal.valueOf(d.toMillis(), 3).stripTrailingZeros().toPlainString() + " s";
    }

    private static String version() {
        String v = McpServer.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }
}

package dev.hermes.mcp;

import dev.hermes.config.McpServerConfig;
import dev.hermes.tools.Tool;
import dev.hermes.util.MonotonicClock;
import io.modelcontextprotocol.spec.McpSchema;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The MCP servers of one session: started together (so the slowest bounds the wait, not the
 * sum), each offered as the toolset {@code mcp-<name>}, all stopped by {@link #close}. A server
 * that does not start is reported and leaves its toolset empty; the session goes on.
 */
public final class McpServers implements AutoCloseable {

    /** The toolset name of a server. */
    public static String toolset(String server) {
        return "mcp-" + server;
    }

    /**
     * How one server's start went.
     *
     * @param tools its tools, empty when it did not start
     * @param error why it did not start, or null
     */
    public record Started(McpServer server, List<McpSchema.Tool> tools, String error) {
        public boolean ok() {
            return error == null;
        }
    }

    public static final McpServers NONE = new McpServers(List.of());

    private final List<Started> started;

    private McpServers(List<Started> started) {
        this.started = List.copyOf(started);
    }

    /** The configured servers whose toolsets are selected: every one when {@code toolsets} is empty or has "all". */
    public static List<McpServerConfig> selected(List<McpServerConfig> configured, Collection<String> toolsets) {
        if (toolsets.isEmpty() || toolsets.contains("all")) return configured;
        return configured.stream().filter(c -> toolsets.contains(toolset(c.name()))).toList();
    }

    /** Starts the servers in parallel; returns when each has started or failed (within its connect_timeout). */
    public static McpServers start(List<McpServerConfig> configs, Map<String, String> environment, MonotonicClock clock)
            throws InterruptedException {
        if (configs.isEmpty()) return NONE;
        List<Started> out = new ArrayList<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Started>> futures = new ArrayList<>();
            for (McpServerConfig c : configs) {
                McpServer server = new McpServer(c, environment, clock);
                futures.add(pool.submit(() -> {
                    try {
                        return new Started(server, server.start(), null);
                    } catch (McpServer.McpException e) {
                        return new Started(server, List.of(), e.getMessage());
                    } catch (RuntimeException e) {
                        // the SDK refused something about this server: it alone is left out
                        server.close();
                        return new Started(server, List.of(), "MCP server '" + c.name() + "' failed to start: "
                                + McpServer.describe(e));
                    }
                }));
            }
            try {
                for (Future<Started> f : futures) out.add(f.get());
            } catch (InterruptedException e) {
                pool.shutdownNow();
                new McpServers(out).close();
                throw e;
            } catch (ExecutionException e) {
                throw new IllegalStateException("starting an MCP server failed outside its own handling", e.getCause());
            }
        }
        return new McpServers(out);
    }

    public List<Started> started() {
        return started;
    }

    /** Toolset name ({@code mcp-<server>}) to its tools, in configuration order. */
    public Map<String, List<Tool>> toolsets() {
        Map<String, List<Tool>> sets = new LinkedHashMap<>();
        for (Started s : started) {
            sets.put(toolset(s.server().name()), s.tools().stream().<Tool>map(t -> new McpTool(s.server(), t)).toList());
        }
        return sets;
    }

    /** Stops every server and kills its process group. */
    @Override
    public void close() {
        for (Started s : started) s.server().close();
    }
}

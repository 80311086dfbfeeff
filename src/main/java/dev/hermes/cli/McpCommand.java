package dev.hermes.cli;

import dev.hermes.config.Configuration;
import dev.hermes.exit.ExitCodes;
import dev.hermes.config.McpServerConfig;
import dev.hermes.mcp.McpServers;
import dev.hermes.mcp.McpTool;
import dev.hermes.util.MonotonicClock;
import io.modelcontextprotocol.spec.McpSchema;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code hermes mcp list}: the configured MCP servers, whether they start, and their tools. */
@Command(name = "mcp", description = "MCP servers (mcp_servers in config.yaml).", subcommands = McpCommand.ListCmd.class)
final class McpCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "list", description = "Start each configured server, show whether it started and its tools, stop it."
            + " Exit 0 when every server started, 1 when one did not.")
    static final class ListCmd implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws InterruptedException {
            Configuration config = HermesCommand.of(spec).configuration();
            PrintWriter out = spec.commandLine().getOut();
            List<McpServerConfig> servers = config.config().mcpServers();
            if (servers.isEmpty()) {
                out.println("no MCP servers configured (mcp_servers in " + config.config().file() + ")");
                return ExitCodes.OK;
            }
            boolean allStarted = true;
            try (McpServers started = McpServers.start(servers, config.environment().variables(), MonotonicClock.SYSTEM)) {
                for (McpServers.Started s : started.started()) {
                    McpServerConfig c = s.server().config();
                    out.println(c.name() + "  " + (c.stdio() ? "stdio" : "http") + "  " + c.target());
                    if (!s.ok()) {
                        allStarted = false;
                        out.println("  did not start: " + s.error().replace("\n", "\n    "));
                        continue;
                    }
                    out.println("  started; " + s.tools().size() + " tool" + (s.tools().size() == 1 ? "" : "s")
                            + " (toolset " + McpServers.toolset(c.name()) + ")");
                    for (McpSchema.Tool t : s.tools()) {
                        String d = t.description() == null ? "" : t.description().lines().findFirst().orElse("");
                        out.println("  " + McpTool.name(c.name(), t.name()) + (d.isEmpty() ? "" : "  " + d));
                    }
                }
            }
            out.flush();
            return allStarted ? ExitCodes.OK : ExitCodes.PROVIDER_FAILURE;
        }
    }
}

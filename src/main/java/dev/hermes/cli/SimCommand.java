package dev.hermes.cli;

import dev.hermes.exit.ExitCodes;
import dev.hermes.sim.SimOptions;
import dev.hermes.sim.SimScript;
import dev.hermes.sim.SimServer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code hermes sim}: runs the fault-injecting provider simulator on 127.0.0.1 until interrupted
 * (Ctrl-C, or an interrupt of the calling thread in tests). See docs/simulator.md.
 */
@Command(name = "sim", mixinStandardHelpOptions = true,
        description = {"Run a fault-injecting LLM provider on 127.0.0.1 (OpenAI chat-completions and Anthropic Messages).",
                "The model name picks the fault, e.g. healthy, cut:after=5, stall:after=2, content-filter:after=3.",
                "See docs/simulator.md."})
public final class SimCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--port", description = "Port on 127.0.0.1 (default: ${DEFAULT-VALUE}; 0 picks a free port).")
    int port = 0;

    @Option(names = "--require-key", paramLabel = "KEY",
            description = "Require this key as 'Authorization: Bearer KEY' or 'x-api-key: KEY' (never printed).")
    String requireKey;

    @Option(names = "--one-request-per-connection",
            description = "End every connection after one response (Connection: close); by default connections are kept alive.")
    boolean oneRequestPerConnection;

    @Option(names = "--script", paramLabel = "FILE",
            description = "A script for scripted:<name> models (YAML or JSON; repeatable).")
    List<Path> scripts = new ArrayList<>();

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        List<SimScript> loaded = new ArrayList<>();
        for (Path file : scripts) {
            try {
                loaded.addAll(SimScript.parse(Files.readString(file), file.toString()));
            } catch (IOException e) {
                err.println("hermes sim: cannot read --script " + file + ": " + e.getMessage());
                return ExitCodes.USAGE;
            } catch (IllegalArgumentException e) {
                err.println("hermes sim: bad --script " + e.getMessage());
                return ExitCodes.USAGE;
            }
        }
        SimOptions options;
        try {
            options = SimOptions.defaults().withRequiredKey(requireKey);
            if (oneRequestPerConnection) options = options.withOneRequestPerConnection();
        } catch (IllegalArgumentException e) {
            err.println("hermes sim: --require-key must not be blank");
            return ExitCodes.USAGE;
        }
        SimServer server;
        try {
            server = SimServer.start(port, options);
        } catch (IOException e) {
            err.println("hermes sim: cannot listen on 127.0.0.1:" + port + ": " + e.getMessage());
            return ExitCodes.USAGE;
        }
        Thread hook = new Thread(server::close, "hermes-sim-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try (server) {
            loaded.forEach(server::registerScript);
            banner(out, server, loaded);
            Thread.sleep(Long.MAX_VALUE);
            return ExitCodes.OK;
        } catch (InterruptedException e) {
            return ExitCodes.INTERRUPTED;
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the JVM is exiting and the hook closes the server
            }
        }
    }

    private void banner(PrintWriter out, SimServer server, List<SimScript> loaded) {
        String chat = server.chatCompletionsBaseUrl().toString();
        String anthropic = server.anthropicBaseUrl().toString();
        out.println("hermes sim listening on 127.0.0.1:" + server.port());
        out.println("  chat_completions   base URL: " + chat);
        out.println("  anthropic_messages base URL: " + anthropic);
        out.println("  request log: " + anthropic + "/_sim/log   reset: POST " + anthropic + "/_sim/reset");
        out.println("  key required: " + (requireKey == null ? "no" : "yes (Bearer or x-api-key)"));
        for (SimScript s : loaded) out.println("  script: scripted:" + s.name() + " (" + s.turns().size() + " turns)");
        String keyLine = requireKey == null ? "" : "    key_env: HERMES_SIM_KEY\n";
        out.println();
        // a whole config.yaml: pasted as it is, `hermes chat -q` answers (a cut primary, a healthy fallback)
        out.println("# config.yaml: the model name chooses the fault");
        out.print("model:\n"
                + "  provider: custom\n  default: cut:after=5\n  base_url: " + chat + "\n" + keyLine.stripLeading().indent(2)
                + "  api_mode: chat_completions\n"
                + "fallback_providers:\n"
                + "  - provider: custom\n    model: healthy\n    base_url: " + anthropic + "\n" + keyLine
                + "    api_mode: anthropic_messages\n"
                + "# loopback is a local server, whose content timers default to 900 s: without these a\n"
                + "# `stall` fault waits 15 minutes in silence before the next route is tried\n"
                + "timeouts: { first_content_timeout_seconds: 5, content_idle_timeout_seconds: 5 }\n");
        out.println();
        out.println("Press Ctrl-C to stop.");
        out.flush();
    }
}

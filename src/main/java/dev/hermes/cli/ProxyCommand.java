package dev.hermes.cli;

import dev.hermes.app.App;
import dev.hermes.config.ConfigException;
import dev.hermes.config.Configuration;
import dev.hermes.exit.ExitCodes;
import dev.hermes.proxy.ProxyServer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/**
 * {@code hermes proxy}: serves the configured chain to OpenAI- and Anthropic-wire clients. Access
 * log lines (JSON) go to stdout; SIGTERM drains, SIGHUP reloads. See docs/proxy.md.
 */
@Command(name = "proxy", mixinStandardHelpOptions = true,
        description = {"Serve the configured models with failover to OpenAI- and Anthropic-compatible clients.",
                "POST /v1/chat/completions, POST /v1/messages, GET /v1/models, /health, /metrics. See docs/proxy.md."})
public final class ProxyCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--host", paramLabel = "HOST", description = "Address to bind (default proxy.host, else 127.0.0.1).")
    String host;

    @Option(names = "--port", paramLabel = "PORT", description = "Port (default proxy.port, else 8645; 0 picks a free one).")
    Integer port;

    @Override
    public Integer call() {
        HermesCommand root = HermesCommand.of(spec);
        PrintWriter err = spec.commandLine().getErr();
        Configuration configuration = root.configuration();
        App app = App.open(configuration);
        PrintStream access = System.out;
        ProxyServer server;
        try {
            server = ProxyServer.start(app, host, port, access);
        } catch (ConfigException e) {
            err.println("hermes proxy: " + e.getMessage());
            app.close();
            return ExitCodes.CONFIG;
        } catch (IOException e) {
            err.println("hermes proxy: " + e.getMessage());
            app.close();
            return ExitCodes.USAGE;
        }
        err.println("hermes proxy listening on http://" + server.host() + ":" + server.port() + " models: "
                + String.join(", ", server.models()));
        err.flush();
        CountDownLatch stopped = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            try {
                server.shutdown();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                app.close();
                stopped.countDown();
            }
        }, "hermes-proxy-drain");
        Runtime.getRuntime().addShutdownHook(hook);
        sun.misc.Signal.handle(new sun.misc.Signal("HUP"), signal -> {
            try {
                // the new App shares the process-wide breakers and pools; its log is the one already open
                server.reload(App.withLog(Configuration.load(configuration.environment(), root.profile()), app.log()));
                System.err.println("hermes proxy: configuration reloaded; models: " + String.join(", ", server.models()));
            } catch (RuntimeException e) {
                System.err.println("hermes proxy: reload failed, keeping the running configuration: " + e.getMessage());
            }
        });
        try {
            stopped.await();
            return ExitCodes.OK;
        } catch (InterruptedException e) {
            return ExitCodes.INTERRUPTED;
        }
    }
}

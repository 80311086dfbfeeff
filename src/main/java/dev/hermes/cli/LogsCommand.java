package dev.hermes.cli;

import dev.hermes.agent.LogTail;
import dev.hermes.config.HermesHome;
import dev.hermes.exit.ExitCodes;
import dev.hermes.util.Sleeper;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;

/** {@code hermes logs [-f] [errors] [-n N]}: tails agent.log or errors.log; -f follows until Ctrl-C. */
@Command(name = "logs", description = "Show the last lines of <home>/logs/agent.log (or errors.log); -f follows.")
final class LogsCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(paramLabel = "errors", arity = "0..1", description = "'errors' for errors.log (WARN and up).")
    String which;

    @Option(names = {"-f", "--follow"}, description = "Keep printing new lines until Ctrl-C.")
    boolean follow;

    @Option(names = {"-n", "--lines"}, paramLabel = "N", defaultValue = "50", description = "Lines to show (default ${DEFAULT-VALUE}).")
    int lines;

    @Override
    public Integer call() throws IOException, InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        if (which != null && !which.equals("errors") && !which.equals("agent")) {
            spec.commandLine().getErr().println("hermes: unknown log '" + which + "'; use 'errors' or nothing for agent.log");
            return ExitCodes.USAGE;
        }
        if (lines < 0) {
            spec.commandLine().getErr().println("hermes: -n must not be negative");
            return ExitCodes.USAGE;
        }
        HermesCommand root = HermesCommand.of(spec);
        Path file = HermesHome.resolve(root.environment(), root.profile()).logsDir()
                .resolve("errors".equals(which) ? "errors.log" : "agent.log");
        for (String line : LogTail.last(file, lines)) out.println(line);
        out.flush();
        if (follow) LogTail.follow(file, out, Duration.ofMillis(250), Sleeper.SYSTEM, () -> false);
        return ExitCodes.OK;
    }
}

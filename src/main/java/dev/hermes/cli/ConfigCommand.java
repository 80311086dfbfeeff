package dev.hermes.cli;

import dev.hermes.config.ConfigReport;
import dev.hermes.config.Configuration;
import dev.hermes.config.HermesHome;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;

/** {@code hermes config show [--origin]} and {@code hermes config path}. */
@Command(name = "config", description = "Show the effective configuration.",
        subcommands = {ConfigCommand.Show.class, ConfigCommand.PathCmd.class})
final class ConfigCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "show", description = "Print every effective setting and used environment variable (secrets masked).")
    static final class Show implements Runnable {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;
        @Option(names = "--origin", description = "Also print where each value came from (file:line, env, default, flag).")
        boolean origin;

        @Override
        public void run() {
            Configuration c = HermesCommand.of(spec).configuration();
            PrintWriter out = spec.commandLine().getOut();
            ConfigReport.lines(c, origin).forEach(out::println);
        }
    }

    @Command(name = "path", description = "Print the paths of the home, config.yaml, .env and credentials.yaml.")
    static final class PathCmd implements Runnable {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public void run() {
            HermesCommand root = HermesCommand.of(spec);
            HermesHome home = HermesHome.resolve(root.environment(), root.profile());
            PrintWriter out = spec.commandLine().getOut();
            out.println("home: " + home.dir());
            out.println("config: " + home.configFile());
            out.println("env: " + home.envFile());
            out.println("credentials: " + home.credentialsFile());
        }
    }
}

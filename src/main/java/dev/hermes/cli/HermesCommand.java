package dev.hermes.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The top-level {@code hermes} command. Subcommands parse their arguments, then delegate. */
@Command(name = "hermes",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "An LLM agent runtime whose model calls always end.",
        subcommands = {
                CommandLine.HelpCommand.class,
                SimCommand.class,
        })
public final class HermesCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new HermesCommand());
        cl.setExitCodeExceptionMapper(t -> ExitCodes.PROVIDER_FAILURE);
        return cl;
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}

package dev.hermes.cli;

import dev.hermes.board.BoardException;
import dev.hermes.config.ConfigException;
import dev.hermes.config.Configuration;
import dev.hermes.config.Environment;
import dev.hermes.exit.ExitCodes;
import dev.hermes.provider.MissingCredentialException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

import java.util.concurrent.Callable;

/**
 * The top-level {@code hermes} command. Subcommands parse their arguments, then delegate; they
 * are registered as a command line needs them ({@link Subcommands}).
 */
@Command(name = "hermes",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "An LLM agent runtime whose model calls always end.")
public final class HermesCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /**
     * Global: inherited by every subcommand, so {@code hermes -p work chat} and
     * {@code hermes chat -p work} both set this field. Subcommands read it through {@link #of}.
     */
    @Option(names = {"-p", "--profile"}, paramLabel = "NAME", scope = ScopeType.INHERIT,
            description = "Use the profile <root>/profiles/NAME (default: the sticky one from `hermes profile use`).")
    String profile;

    /** The overrides {@code chat} takes, also accepted before it: {@code hermes --model M -z ...}. */
    @CommandLine.Mixin
    RouteOptions route = new RouteOptions();

    /** The chat's flags, also accepted before {@code chat}: {@code hermes --yolo -s a chat -q ...}. */
    @CommandLine.Mixin
    ChatFlags chatFlags = new ChatFlags();

    @Option(names = {"-z", "--oneshot"}, paramLabel = "PROMPT",
            description = "Answer PROMPT once and exit: short for `hermes chat -q PROMPT`.")
    String oneShot;

    private final Environment environment;

    public HermesCommand() {
        this(Environment.system());
    }

    /** With an injected environment: tests never see the real ~/.hermes or environment. */
    HermesCommand(Environment environment) {
        this.environment = environment;
    }

    /** The whole command tree. */
    static CommandLine commandLine() {
        return commandLine(Environment.system());
    }

    /** The whole command tree. */
    static CommandLine commandLine(Environment environment) {
        CommandLine cl = commandLine(environment, new String[0]);
        Subcommands.registerAll(cl);
        return cl;
    }

    /** The command tree {@code args} need: the top-level command and the subcommand they name. */
    static CommandLine commandLine(Environment environment, String[] args) {
        CommandLine cl = new CommandLine(new HermesCommand(environment));
        addHelpOption(cl);
        Subcommands.register(cl, args);
        cl.setExecutionExceptionHandler((e, cmd, parsed) -> {
            if (e instanceof BoardException) {
                cmd.getErr().println("hermes kanban: " + e.getMessage());
                return ExitCodes.BOARD;
            }
            if (!(e instanceof ConfigException) && !(e instanceof MissingCredentialException)) throw e;
            cmd.getErr().println("hermes: " + e.getMessage());
            return ExitCodes.CONFIG;
        });
        // picocli also consults this mapper for bad arguments (ParameterException), found while parsing or running
        cl.setExitCodeExceptionMapper(t -> t instanceof CommandLine.ParameterException ? ExitCodes.USAGE
                : ExitCodes.forFailure(t));
        return cl;
    }

    /**
     * {@code hermes chat --help} and {@code hermes kanban create -h} print the usage, as every CLI's
     * do; picocli gives {@code -h/--help} only to commands that ask, so every command gets it here.
     */
    static void addHelpOption(CommandLine cl) {
        CommandLine.Model.CommandSpec spec = cl.getCommandSpec();
        if (spec.optionsMap().get("--help") == null) {
            spec.addOption(CommandLine.Model.OptionSpec.builder("-h", "--help").usageHelp(true)
                    .description("Show this help message and exit.").build());
        }
        cl.getSubcommands().values().forEach(HermesCommand::addHelpOption);
    }

    /** The root command of the command line {@code spec} belongs to. */
    static HermesCommand of(CommandLine.Model.CommandSpec spec) {
        return (HermesCommand) spec.root().userObject();
    }

    Environment environment() {
        return environment;
    }

    /** The {@code -p/--profile} value, or null. */
    String profile() {
        return profile;
    }

    /** Home, config.yaml and .env layers for this invocation. */
    Configuration configuration() {
        return Configuration.load(environment, profile);
    }

    /**
     * Bare {@code hermes}: the chat, as in the original (interactive on a terminal; {@code -z} answers
     * once). Without a terminal and without any chat flag it prints the usage instead, so a
     * script that runs {@code hermes} by mistake does not hang on its stdin.
     */
    @Override
    public Integer call() {
        if (oneShot != null || chatFlags.any() || route.given() || stdinIsTerminal()) {
            ChatCommand chat = spec.commandLine().getSubcommands().get("chat").getCommand();
            chat.query = oneShot;
            return chat.call();
        }
        spec.commandLine().usage(spec.commandLine().getOut());
        return ExitCodes.OK;
    }

    /** Set by bin/hermes, which can ask the shell; absent when run in-process (tests), meaning "not a terminal". */
    static boolean stdinIsTerminal() {
        return Boolean.getBoolean("hermes.stdin.tty");
    }
}

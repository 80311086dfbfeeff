package dev.hermes.cli;

import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The subcommands of {@code hermes}, registered on a command line only when it needs them.
 *
 * <p>picocli builds a command's model by reflecting over the annotations of every class in its
 * tree, and its classes are too old for the JDK's ahead-of-time cache to link them: building all
 * fifteen subtrees was most of the start-up time of every run, also of one that uses none of
 * them (docs/benchmarks.md, "Startup"). So the command line gets the one subcommand it names,
 * none when the top-level command answers alone, and the whole tree otherwise: when it names
 * none it knows, asks for help, or runs bare {@code hermes} (the chat, or the usage, which lists
 * them all). Parsing itself stays picocli's, over the same model as before.
 */
final class Subcommands {

    /** By name, in the order the usage lists them; each name is the one in the class's {@code @Command}. */
    static final Map<String, Class<?>> ALL = all();

    /** Subcommands that read the whole tree: they get every one. */
    private static final List<String> WHOLE_TREE = List.of("help", "generate-completion");

    private Subcommands() {
    }

    private static Map<String, Class<?>> all() {
        Map<String, Class<?>> m = new LinkedHashMap<>();
        m.put("help", CommandLine.HelpCommand.class);
        m.put("profile", ProfileCommand.class);
        m.put("config", ConfigCommand.class);
        m.put("chat", ChatCommand.class);
        m.put("sessions", SessionsCommand.class);
        m.put("skills", SkillsCommand.class);
        m.put("mcp", McpCommand.class);
        m.put("logs", LogsCommand.class);
        m.put("doctor", DoctorCommand.class);
        m.put("demo", DemoCommand.class);
        m.put("sim", SimCommand.class);
        m.put("proxy", ProxyCommand.class);
        m.put("dashboard", DashboardCommand.class);
        m.put("kanban", KanbanCommand.class);
        m.put("generate-completion", picocli.AutoComplete.GenerateCompletion.class);
        return m;
    }

    /** Registers on {@code cl} (the top-level command) the subcommands {@code args} need. */
    static void register(CommandLine cl, String[] args) {
        String named = named(cl.getCommandSpec(), args);
        if (named == null) return;
        if (ALL.containsKey(named) && !WHOLE_TREE.contains(named)) add(cl, named);
        else registerAll(cl);
    }

    /** Registers every subcommand not registered yet. */
    static void registerAll(CommandLine cl) {
        for (String name : ALL.keySet()) {
            if (!cl.getSubcommands().containsKey(name)) add(cl, name);
        }
    }

    private static void add(CommandLine cl, String name) {
        cl.addSubcommand(name, ALL.get(name));
        HermesCommand.addHelpOption(cl.getSubcommands().get(name));
    }

    /**
     * The first argument that is not a top-level option or an option's value: the subcommand
     * name (maybe unknown, maybe a typo); "" when the arguments need the whole tree (help, an
     * option this scan cannot place, or none named: bare {@code hermes} runs the chat or prints
     * the usage, which lists them all); null when the top-level command answers alone (a version
     * request).
     */
    private static String named(CommandSpec top, String[] args) {
        boolean version = false;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("-") || arg.equals("-")) return arg;
            int eq = arg.indexOf('=');
            OptionSpec option = top.findOption(eq > 0 ? arg.substring(0, eq) : arg);
            // "--", clustered or attached short options, unknown ones: picocli sorts them out, over everything
            if (option == null || option.usageHelp()) return "";
            version |= option.versionHelp();
            CommandLine.Range arity = option.arity();
            if (arity.min() != arity.max() || arity.max() > 1) return "";
            if (arity.max() == 1 && eq < 0) i++; // its value is the next argument
        }
        return version ? null : "";
    }
}

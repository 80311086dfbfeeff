package dev.hermes.cli;

import dev.hermes.config.HermesHome;
import dev.hermes.config.ProfileSummary;
import dev.hermes.config.Profiles;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.util.Map;

/** {@code hermes profile list|create|use|show}: parses, then delegates to {@link Profiles}. */
@Command(name = "profile", description = "List, create, select and inspect profiles.",
        subcommands = {ProfileCommand.List.class, ProfileCommand.Create.class, ProfileCommand.Use.class,
                ProfileCommand.Show.class})
final class ProfileCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    static Profiles profiles(CommandLine.Model.CommandSpec spec) {
        HermesCommand root = HermesCommand.of(spec);
        // The root alone: listing and creating must work even when the sticky profile is broken.
        return new Profiles(HermesHome.resolve(root.environment(), HermesHome.DEFAULT_PROFILE).root());
    }

    @Command(name = "list", description = "List profiles; '*' marks the sticky one.")
    static final class List implements Runnable {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public void run() {
            PrintWriter out = spec.commandLine().getOut();
            for (Profiles.Entry e : profiles(spec).list()) {
                out.println((e.active() ? "* " : "  ") + e.name() + "  " + e.dir());
            }
        }
    }

    @Command(name = "create", description = "Create a profile with a skeleton config.yaml and .env.")
    static final class Create implements Runnable {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;
        @Parameters(paramLabel = "NAME", description = "Letters, digits, '-' and '_'.")
        String name;

        @Override
        public void run() {
            spec.commandLine().getOut().println("created profile '" + name + "' at " + profiles(spec).create(name));
        }
    }

    @Command(name = "use", description = "Make a profile the sticky default ('default' for the root).")
    static final class Use implements Runnable {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;
        @Parameters(paramLabel = "NAME")
        String name;

        @Override
        public void run() {
            profiles(spec).use(name);
            spec.commandLine().getOut().println("active profile: " + name);
        }
    }

    @Command(name = "show", description = "Show a profile's paths and model (default: the current one).")
    static final class Show implements Runnable {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;
        @Parameters(paramLabel = "NAME", arity = "0..1")
        String name;

        @Override
        public void run() {
            HermesCommand root = HermesCommand.of(spec);
            HermesHome home = HermesHome.resolve(root.environment(), name != null ? name : root.profile());
            PrintWriter out = spec.commandLine().getOut();
            for (Map.Entry<String, String> e : ProfileSummary.of(home, root.environment()).entrySet()) {
                out.println(e.getKey() + ": " + e.getValue());
            }
        }
    }
}

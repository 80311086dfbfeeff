package dev.hermes.cli;

import dev.hermes.agent.Skill;
import dev.hermes.agent.SkillCatalog;
import dev.hermes.config.HermesHome;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.IOException;
import java.io.PrintWriter;

/** {@code hermes skills list}. */
@Command(name = "skills", description = "List the skills in <home>/skills and the built-in ones.", subcommands = SkillsCommand.ListCmd.class)
final class SkillsCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "list", description = "List skills: category/name, version, description; unreadable ones last.")
    static final class ListCmd implements Runnable {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public void run() {
            HermesCommand root = HermesCommand.of(spec);
            HermesHome home = HermesHome.resolve(root.environment(), root.profile());
            SkillCatalog catalog;
            try {
                catalog = SkillCatalog.load(home.skillsDir());
            } catch (IOException e) {
                throw new IllegalStateException("cannot read " + home.skillsDir() + ": " + e.getMessage(), e);
            }
            PrintWriter out = spec.commandLine().getOut();
            if (catalog.skills().stream().allMatch(Skill::builtIn)) out.println("no skills in " + home.skillsDir());
            for (Skill s : catalog.skills()) {
                out.println(s.qualifiedName() + (s.version().isEmpty() ? "" : "  v" + s.version())
                        + (s.builtIn() ? "  (built-in)" : "") + (s.description().isEmpty() ? "" : "  " + s.description()));
            }
            for (String problem : catalog.problems()) spec.commandLine().getErr().println("unreadable: " + problem);
        }
    }
}

package dev.hermes.cli;

import dev.hermes.config.Environment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The command line gets the subcommands it needs, and behaves as the whole tree would. */
class SubcommandsTest {

    @TempDir
    Path home;

    private CommandLine built(String... args) {
        return HermesCommand.commandLine(new Environment(Map.of(), home), args);
    }

    @Test
    void eachNameIsTheOneItsClassDeclares() {
        Subcommands.ALL.forEach((name, type) ->
                assertThat(type.getAnnotation(CommandLine.Command.class).name()).as(type.getName()).isEqualTo(name));
    }

    @Test
    void theNamedSubcommandAlonePastTopLevelOptionsAndTheirValues() {
        assertThat(built("config", "path").getSubcommands()).containsOnlyKeys("config");
        assertThat(built("-p", "work", "--yolo", "kanban", "list", "--help").getSubcommands()).containsOnlyKeys("kanban");
        assertThat(built("--profile=work", "sessions").getSubcommands()).containsOnlyKeys("sessions");
        // a top-level option's value that looks like a subcommand is a value, not the subcommand
        assertThat(built("-p", "chat", "config", "path").getSubcommands()).containsOnlyKeys("config");
    }

    @Test
    void theWholeTreeWhenHelpOrAnythingUnplacedIsAsked() {
        for (String[][] args : new String[][][]{{{"--help"}}, {{"help", "kanban"}}, {{"kanbn"}}, {{}},
                {{"-z", "hi"}}, {{"-c", "name", "chat"}}, {{"-yp", "work", "chat"}}, {{"generate-completion"}}}) {
            assertThat(built(args[0]).getSubcommands()).as(String.join(" ", args[0])).hasSameSizeAs(Subcommands.ALL);
        }
        assertThat(built("--version").getSubcommands()).isEmpty();
    }

    @Test
    void aPartialTreeAnswersAsTheWholeOne() {
        Environment env = new Environment(Map.of(), home);
        CliRun typo = CliRun.run(env, "kanbn");
        assertThat(typo.err()).contains("Did you mean: hermes kanban?");
        CliRun inherited = CliRun.run(env, "config", "path", "-p", "nosuch");
        assertThat(inherited.err()).contains("unknown profile 'nosuch'");
        CliRun help = CliRun.run(env, "kanban", "list", "--help");
        assertThat(help.out()).startsWith("Usage: hermes kanban list").contains("-p=NAME");
    }
}

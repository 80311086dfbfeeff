package dev.hermes.cli;

import dev.hermes.board.BoardStore;
import dev.hermes.board.NewTask;
import dev.hermes.board.SqliteBoardStore;
import dev.hermes.board.Task;
import dev.hermes.board.dispatch.WorkerCommand;
import dev.hermes.config.Environment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The command line the dispatcher starts workers with is one hermes itself accepts, meaning what it says. */
class WorkerCommandLineTest {

    @Test
    void theWorkerCommandParsesAsChatWithTheTasksProfileSkillsModelAndProvider(@TempDir Path dir) throws Exception {
        Task task;
        try (BoardStore store = SqliteBoardStore.open(dir.resolve("board.db"))) {
            task = store.create(NewTask.builder("review the patch").assignee("alice").skill("kanban-worker")
                    .skill("code-review").model("m1").provider("openrouter").build());
        }
        List<String> argv = WorkerCommand.hermes("/opt/hermes/bin/hermes").argv(task);
        assertThat(argv.get(0)).isEqualTo("/opt/hermes/bin/hermes");

        CommandLine cl = HermesCommand.commandLine(new Environment(Map.of(), dir));
        CommandLine.ParseResult parsed = cl.parseArgs(argv.subList(1, argv.size()).toArray(String[]::new));

        HermesCommand root = cl.getCommand();
        assertThat(root.profile()).isEqualTo("alice");
        assertThat(parsed.subcommand().commandSpec().name()).isEqualTo("chat");
        ChatCommand chat = parsed.subcommand().commandSpec().commandLine().getCommand();
        assertThat(chat.query).isEqualTo("work kanban task " + task.id());
        assertThat(chat.flags.skills).containsExactly("kanban-worker,code-review");
        assertThat(chat.route.overrides().model()).isEqualTo("m1");
        assertThat(chat.route.overrides().provider()).isEqualTo("openrouter");
    }
}

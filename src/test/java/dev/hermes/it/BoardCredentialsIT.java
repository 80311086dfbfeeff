package dev.hermes.it;

import dev.hermes.board.BoardOptions;
import dev.hermes.board.BoardStore;
import dev.hermes.board.NewTask;
import dev.hermes.board.PostgresBoardStore;
import dev.hermes.board.Task;
import dev.hermes.board.TaskStatus;
import dev.hermes.sim.SimOptions;
import dev.hermes.sim.SimScript;
import dev.hermes.sim.SimServer;
import dev.hermes.testing.PostgresServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A PostgreSQL board whose URL carries a password reaches its workers (real {@code bin/hermes},
 * started by the dispatcher) without their terminal commands being able to read it: not in their
 * environment, not in the worker's own {@code /proc/PID/environ}, not in what the model receives,
 * not in the worker's log.
 */
@ExtendWith(PostgresServer.Extension.class)
class BoardCredentialsIT {

    /** The test server trusts every connection, so any password works; it must still never show. */
    static final String PASSWORD = "board-password-5150-secret";
    /** The worker's provider key, from its profile's .env; the hostile provider echoes it into the board. */
    static final String KEY = "worker-provider-key-8086-xyz";

    private static PostgresServer.Database database;

    @TempDir
    Path root;
    SimServer sim;
    KanbanRig rig;

    @BeforeAll
    static void database(PostgresServer.Database db) {
        database = db;
    }

    @AfterEach
    void stop() throws Exception {
        // closed in reverse order (null ones skipped): the workers, then the board, then the provider
        try (SimServer s = sim; BoardStore store = rig == null ? null : rig.store; KanbanRig r = rig) {
            assertThat(r == null || r.overlaps.isEmpty()).isTrue();
        }
    }

    @Test
    void aWorkersCommandsCannotReadTheBoardPassword() throws Exception {
        String location = database.jdbcUrl().replace("jdbc:postgresql://", "postgresql://" + database.user() + ":"
                + PASSWORD + "@");
        sim = SimServer.start(0, SimOptions.defaults().withRequiredKey(KEY));
        Path seen = Files.createDirectories(root.resolve("seen"));
        sim.registerScript(new SimScript("nosy-worker", List.of(
                SimScript.Turn.tools(SimScript.ToolCall.of("terminal", Map.of("command",
                        "env > " + seen.resolve("env.txt") + "; cat /proc/$PPID/env\"\"iron | tr '\\0' '\\n' > "
                                + seen.resolve("environ.txt") + "; echo \"board=[$HERMES_KANBAN_BOARD]\""))),
                SimScript.Turn.tools(SimScript.ToolCall.of("kanban_comment", Map.of("body", "my key is " + KEY))),
                SimScript.Turn.tools(SimScript.ToolCall.of("kanban_complete", Map.of("summary", "looked around with " + KEY))),
                SimScript.Turn.text("Done."))));
        rig = new KanbanRig(root, PostgresBoardStore.open(location, new Properties(), BoardOptions.DEFAULTS), location, 1,
                Duration.ofMinutes(5), Duration.ofSeconds(1));
        rig.profile("default", "model: {provider: custom, default: 'scripted:nosy-worker', base_url: '"
                + sim.chatCompletionsBaseUrl() + "', api_mode: chat_completions, key_env: SIM_KEY}\n"
                + "agent: {terminal_allow: [\"re:.*\"]}\n", "SIM_KEY=" + KEY + "\n");
        Task task = rig.store.create(NewTask.builder("look around").status(TaskStatus.READY).build());

        rig.startTicking();
        rig.awaitUntil("the task done", Duration.ofSeconds(90), () -> rig.store.get(task.id()).status() == TaskStatus.DONE);
        rig.stopTicking();

        assertThat(Files.readString(seen.resolve("env.txt"))).contains("HERMES_KANBAN_TASK=")
                .doesNotContain(PASSWORD, "HERMES_KANBAN_BOARD");
        assertThat(Files.readString(seen.resolve("environ.txt"))).contains("HERMES_KANBAN_TASK=")
                .doesNotContain(PASSWORD, "HERMES_KANBAN_BOARD");
        String received = String.join("\n", sim.requestBodies());
        assertThat(received).contains("board=[]").doesNotContain(PASSWORD);
        assertThat(rig.log(task)).doesNotContain(PASSWORD, KEY);
        // what people see of the board: the summary and the comment the worker's model wrote
        assertThat(rig.store.runs(task.id()).getFirst().summary()).isEqualTo("looked around with ***");
        assertThat(rig.store.comments(task.id())).extracting(c -> c.body()).containsExactly("my key is ***");
    }
}

package dev.hermes.cli;

import dev.hermes.app.App;
import dev.hermes.agent.SessionStore;
import dev.hermes.agent.SessionWriter;
import dev.hermes.config.Environment;
import dev.hermes.exit.ExitCodes;
import dev.hermes.llm.Message;
import dev.hermes.log.EventLog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** sessions, skills and logs through the real command line. */
class AgentCommandsTest {

    @TempDir
    Path temp;

    private Environment env() {
        return new Environment(Map.of("HERMES_HOME", temp.resolve("home").toString()), temp);
    }

    @Test
    void sessionsListAndShow() throws Exception {
        SessionStore store = SessionStore.in(temp.resolve("home/sessions"));
        String id;
        try (SessionWriter w = store.create(App.newSessionId(), "minimax", "MiniMax-M2.7", temp)) {
            id = w.id();
            w.message(Message.user("fix the failing build please"), null, null);
            w.message(Message.assistant("Done."), "minimax", "MiniMax-M2.7");
        }

        CliRun list = CliRun.run(env(), "sessions", "list");
        CliRun show = CliRun.run(env(), "sessions", "show", id);
        CliRun missing = CliRun.run(env(), "sessions", "show", "nope");

        assertThat(list.exit()).isZero();
        assertThat(list.out()).contains(id).contains(" 1 turn ").contains("minimax").contains("fix the failing build please");
        assertThat(show.out()).contains("user: fix the failing build please").contains("assistant [minimax/MiniMax-M2.7]: Done.");
        assertThat(missing.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(missing.err()).contains("no session 'nope'");
    }

    @Test
    void skillsList() throws Exception {
        Path dir = Files.createDirectories(temp.resolve("home/skills/work/kanban-worker"));
        Files.writeString(dir.resolve("SKILL.md"), "---\nname: kanban-worker\ndescription: Works tasks\nversion: 2\n---\nbody\n");

        CliRun run = CliRun.run(env(), "skills", "list");

        assertThat(run.exit()).isZero();
        assertThat(run.out()).contains("work/kanban-worker  v2  Works tasks").doesNotContain("(built-in)");
        Files.delete(dir.resolve("SKILL.md"));
        assertThat(CliRun.run(env(), "skills", "list").out()).contains("no skills in",
                "kanban/kanban-worker  v1.0.0  (built-in)  How to work one task");
    }

    @Test
    void logsShowTheLastLinesOfEitherLog() {
        EventLog log = EventLog.inDirectory(temp.resolve("home/logs"));
        for (int i = 1; i <= 5; i++) log.info("s1", "agent", "event " + i, Map.of());
        log.warn("s1", "agent", "something failed", Map.of());
        log.close();

        CliRun tail = CliRun.run(env(), "logs", "-n", "2");
        CliRun errors = CliRun.run(env(), "logs", "errors");
        CliRun bad = CliRun.run(env(), "logs", "nonsense");

        assertThat(tail.out().lines()).hasSize(2);
        assertThat(tail.out()).contains("event 5").contains("something failed").doesNotContain("event 4");
        assertThat(errors.out().lines()).singleElement().asString().contains("[s1]").contains("something failed");
        assertThat(bad.exit()).isEqualTo(ExitCodes.USAGE);
    }
}

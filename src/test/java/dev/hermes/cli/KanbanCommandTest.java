package dev.hermes.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hermes.config.Environment;
import dev.hermes.exit.ExitCodes;
import dev.hermes.util.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code hermes kanban} through the real command line, on a SQLite board under a temp home. */
class KanbanCommandTest {

    @TempDir
    Path user;

    private CliRun run(String... args) {
        return CliRun.run(new Environment(Map.of("USER", "carol"), user), args);
    }

    /** A profile a worker can start in: a keyless local model, so no key is needed. */
    private void profile(String name, String... skills) throws Exception {
        Path dir = user.resolve(".hermes/profiles/" + name);
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("config.yaml"), "model: {provider: custom, default: m1, base_url: 'http://127.0.0.1:9/v1'}\n");
        for (String skill : skills) {
            Path file = dir.resolve("skills/work/" + skill + "/SKILL.md");
            Files.createDirectories(file.getParent());
            Files.writeString(file, "---\nname: " + skill + "\n---\nbody\n");
        }
    }

    private JsonNode json(CliRun r) throws Exception {
        assertThat(r.exit()).as(r.err()).isZero();
        return Json.MAPPER.readTree(r.out());
    }

    @Test
    void lifecycleThroughTheCli() throws Exception {
        CliRun missing = run("kanban", "list");
        assertThat(missing.exit()).isEqualTo(ExitCodes.BOARD);
        assertThat(missing.err()).contains("no board at", "hermes kanban init");

        assertThat(run("kanban", "init").out()).contains("board ready: " + user.resolve(".hermes/boards/default.db"));
        CliRun noProfile = run("kanban", "create", "write docs", "--assignee", "alice");
        assertThat(noProfile.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(noProfile.err()).contains("unknown profile 'alice'", "hermes profile create alice");
        profile("alice", "writing");
        profile("bob");
        CliRun noSkill = run("kanban", "create", "write docs", "--assignee", "alice", "--skill", "writting");
        assertThat(noSkill.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(noSkill.err()).contains("unknown skill 'writting'", "work/writing");
        assertThat(json(run("kanban", "list", "--json"))).as("nothing created by a refused create").isEmpty();
        JsonNode a = json(run("kanban", "create", "write docs", "--body", "all of them", "--assignee", "alice",
                "--priority", "5", "--max-runtime", "600", "--max-retries", "3", "--skill", "writing", "--json"));
        String aId = a.get("id").asText();
        assertThat(a.get("status").asText()).isEqualTo("ready");
        assertThat(a.get("max_retries").asInt()).isEqualTo(3);
        assertThat(a.get("skills").get(0).asText()).isEqualTo("writing");
        String bId = json(run("kanban", "create", "review docs", "--parent", aId, "--json")).get("id").asText();
        assertThat(json(run("kanban", "show", bId, "--json")).get("status").asText()).isEqualTo("todo");

        JsonNode list = json(run("kanban", "list", "--json"));
        assertThat(list).hasSize(2);
        assertThat(list.get(0).get("id").asText()).isEqualTo(aId);
        assertThat(run("kanban", "list", "--status", "todo").out()).contains(bId).doesNotContain(aId);

        CliRun cycle = run("kanban", "link", bId, aId);
        assertThat(cycle.exit()).isEqualTo(ExitCodes.BOARD);
        assertThat(cycle.err()).contains("cycle");
        CliRun unknown = run("kanban", "show", "t_00000000");
        assertThat(unknown.exit()).isEqualTo(ExitCodes.BOARD);
        assertThat(unknown.err()).contains("unknown task t_00000000");
        CliRun malformed = run("kanban", "show", "42");
        assertThat(malformed.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(malformed.err()).contains("not a task id");

        assertThat(run("kanban", "assign", bId, "bob").exit()).isZero();
        assertThat(run("kanban", "comment", aId, "looks big").exit()).isZero();
        assertThat(run("kanban", "block", aId, "need the style guide").exit()).isZero();
        CliRun illegal = run("kanban", "block", aId, "again");
        assertThat(illegal.exit()).isEqualTo(ExitCodes.BOARD);
        assertThat(illegal.err()).contains("task " + aId + " is blocked: cannot");
        assertThat(run("kanban", "unblock", aId).out()).contains("unblocked " + aId + " (ready)");
        assertThat(run("kanban", "complete", aId, "--summary", "did it myself").exit()).isZero();

        JsonNode shown = json(run("kanban", "show", bId, "--json"));
        assertThat(shown.get("status").asText()).isEqualTo("ready");
        assertThat(shown.get("assignee").asText()).isEqualTo("bob");
        assertThat(shown.get("parents").get(0).asText()).isEqualTo(aId);
        assertThat(run("kanban", "show", aId).out()).contains("carol", "looks big", "status: done");

        JsonNode stats = json(run("kanban", "stats", "--json"));
        assertThat(stats.get("total").asInt()).isEqualTo(2);
        assertThat(stats.get("by_status").get("done").asInt()).isEqualTo(1);
        assertThat(json(run("kanban", "runs", aId, "--json"))).isEmpty();
        assertThat(run("kanban", "watch", "--rounds", "1").out()).contains(aId + "  created", aId + "  force_completed");
        assertThat(run("kanban", "reclaim").out()).contains("no expired leases");
        assertThat(run("kanban", "log", aId).out()).contains("no log yet");
        assertThat(run("kanban", "--board", "other", "list").err()).contains("--board other");
    }

    @Test
    void dispatchStartsTheLauncherAsTheAssigneeProfileInTheTaskWorkspace() throws Exception {
        Path launcher = user.resolve("fake-hermes");
        Files.writeString(launcher, "#!/bin/bash\necho \"args: $*\"\necho \"task: $HERMES_KANBAN_TASK pwd: $PWD\"\n"
                + "echo \"key: ${OPENAI_API_KEY:-none}\"\nexit 75\n");
        launcher.toFile().setExecutable(true);
        run("kanban", "init");
        profile("alice");
        String id = json(run("kanban", "create", "go", "--assignee", "alice", "--model", "m1", "--json"))
                .get("id").asText();
        String before = System.getProperty("hermes.launcher");
        System.setProperty("hermes.launcher", launcher.toString());
        CliRun tick;
        try {
            tick = CliRun.run(new Environment(Map.of("OPENAI_API_KEY", "sk-secret", "PATH", System.getenv("PATH")), user),
                    "kanban", "dispatch");
        } finally {
            if (before == null) System.clearProperty("hermes.launcher");
            else System.setProperty("hermes.launcher", before);
        }
        assertThat(tick.exit()).as(tick.err()).isZero();
        assertThat(tick.out()).contains("spawned " + id);
        Path log = user.resolve(".hermes/boards/default/logs/" + id + ".log");
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!Files.readString(log).contains("key:") && System.nanoTime() < deadline) Thread.sleep(10);
        assertThat(run("kanban", "log", id).out()).contains("args: -p alice chat --model m1 -q work kanban task " + id,
                "pwd: " + user.resolve(".hermes/boards/default/workspaces/" + id), "key: none");
    }

    @Test
    void theOriginalsManagementVerbsAndAShellWorkersHeartbeatAndReview() throws Exception {
        run("kanban", "init");
        profile("alice");
        profile("bob");
        String id = json(run("kanban", "create", "port it", "--assignee", "alice", "--json")).get("id").asText();
        assertThat(run("kanban", "edit", id, "--title", "port it to Java", "--priority", "7").out())
                .contains("edited " + id + ": port it to Java");
        assertThat(run("kanban", "edit", id).err()).contains("nothing to change");
        assertThat(run("kanban", "edit", id, "--skill", "nope").err()).contains("unknown skill 'nope'");
        assertThat(run("kanban", "reassign", id, "ghost").err()).contains("unknown profile 'ghost'");
        assertThat(run("kanban", "reassign", id, "bob").out()).contains("reassigned " + id + " to bob (ready)");
        JsonNode shown = json(run("kanban", "show", id, "--json"));
        assertThat(shown.get("priority").asInt()).isEqualTo(7);
        assertThat(shown.get("assignee").asText()).isEqualTo("bob");

        dev.hermes.board.Claim claim;
        try (var store = dev.hermes.board.SqliteBoardStore.open(user.resolve(".hermes/boards/default.db"))) {
            claim = store.claim(new dev.hermes.board.Claimant("w_shell", "h", 1), java.time.Duration.ofMinutes(5),
                    dev.hermes.board.ClaimFilter.task(dev.hermes.board.TaskId.of(id))).orElseThrow();
        }
        CliRun running = run("kanban", "reassign", id, "alice");
        assertThat(running.exit()).isEqualTo(ExitCodes.BOARD);
        assertThat(running.err()).contains("--reclaim");
        assertThat(run("kanban", "heartbeat", id).err()).contains("only the worker holding " + id);
        Map<String, String> worker = new java.util.HashMap<>(Map.of("USER", "carol"));
        worker.putAll(new dev.hermes.board.worker.WorkerContext(claim.taskId(), claim.runId(), "w_shell",
                claim.attempt(), user.resolve(".hermes/boards/default.db").toString(), java.time.Duration.ofMinutes(5),
                user).toEnvironment());
        CliRun beat = CliRun.run(new Environment(worker, user), "kanban", "heartbeat", "--note", "compiling");
        assertThat(beat.out()).as(beat.err()).contains("lease of " + id + " renewed for 300 s");
        CliRun review = CliRun.run(new Environment(worker, user), "kanban", "request-review", id, "--summary", "ported");
        assertThat(review.out()).as(review.err()).contains(id + " is in review");
        JsonNode inReview = json(run("kanban", "show", id, "--json"));
        assertThat(inReview.get("status").asText()).isEqualTo("review");
        assertThat(inReview.get("runs").get(0).get("outcome").asText()).isEqualTo("review_requested");
        assertThat(inReview.get("comments").get(0).get("body").asText()).isEqualTo("compiling");
        CliRun late = CliRun.run(new Environment(worker, user), "kanban", "heartbeat");
        assertThat(late.exit()).isEqualTo(ExitCodes.BOARD);
        assertThat(late.err()).contains("no longer valid");

        assertThat(run("kanban", "request-changes", id, "keep the old API").out()).contains("ready again");
        String idea = json(run("kanban", "create", "an idea", "--triage", "--json")).get("id").asText();
        assertThat(run("kanban", "promote", idea).out()).contains("promoted " + idea + " (ready)");
        assertThat(run("kanban", "block", idea, "not now").exit()).isZero();
        assertThat(run("kanban", "reclaim", idea).err()).contains("only a running task");
        run("kanban", "unblock", idea);
        Files.createDirectories(user.resolve(".hermes/boards/default/workspaces/" + idea));
        try (var store = dev.hermes.board.SqliteBoardStore.open(user.resolve(".hermes/boards/default.db"))) {
            store.transition(dev.hermes.board.TaskId.of(idea), dev.hermes.board.TaskStatus.ARCHIVED, "carol", null);
        }
        assertThat(run("kanban", "gc").out()).contains("nothing to collect");
        assertThat(run("kanban", "gc", "--days", "0").out()).contains("deleted 1 archived task: " + idea);
        assertThat(user.resolve(".hermes/boards/default/workspaces/" + idea)).doesNotExist();
        assertThat(run("kanban", "show", idea).err()).contains("unknown task " + idea);
    }
}

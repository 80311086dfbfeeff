package dev.hermes.it;

import dev.hermes.board.BoardOptions;
import dev.hermes.board.BoardStore;
import dev.hermes.board.Run;
import dev.hermes.board.RunOutcome;
import dev.hermes.board.SqliteBoardStore;
import dev.hermes.board.Task;
import dev.hermes.board.TaskId;
import dev.hermes.board.TaskQuery;
import dev.hermes.board.TaskStatus;
import dev.hermes.sim.SimOptions;
import dev.hermes.sim.SimScript;
import dev.hermes.sim.SimServer;
import dev.hermes.testing.HermesProcess;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The original's kanban worker protocol through the real launcher: the review flow, the
 * dispatcher's preflight of the assignee profile, and {@code hermes demo kanban}. Workers are
 * real {@code bin/hermes} processes on the simulator's scripted models.
 */
class KanbanProtocolIT {

    private static final Duration RUN = Duration.ofSeconds(90);
    /** A worker is a JVM: on a loaded 2-core machine it takes seconds to start and finish. */
    private static final Duration WORKER = Duration.ofSeconds(120);
    private static final String KEY = "sk-sim-dispatcher-only-0042";

    @TempDir
    Path root;
    SimServer sim;

    @BeforeEach
    void start() throws Exception {
        sim = SimServer.start(0, SimOptions.defaults());
    }

    @AfterEach
    void stop() {
        if (sim != null) sim.close();
    }

    private HermesProcess.Result hermes(Map<String, String> env, String... args) throws Exception {
        Map<String, String> all = new java.util.HashMap<>(env);
        all.put("HERMES_HOME", root.toString());
        all.put("USER", "carol");
        return HermesProcess.run(root, all, RUN, args);
    }

    private HermesProcess.Result hermes(String... args) throws Exception {
        return hermes(Map.of(), args);
    }

    private String created(HermesProcess.Result r) {
        assertThat(r.exit()).as(r.err()).isZero();
        return r.out().replaceAll("(?s)^created (t_[0-9a-f]{8}).*", "$1").strip();
    }

    private BoardStore board() {
        return SqliteBoardStore.open(root.resolve("boards/default.db"), BoardOptions.DEFAULTS);
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + WORKER.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new AssertionError("not within " + WORKER + ": " + what);
            Thread.sleep(100);
        }
    }

    /** Waits until every worker process recorded on the board has exited (they write to the home until then). */
    private void awaitWorkersGone() throws InterruptedException {
        List<Long> pids;
        try (BoardStore b = board()) {
            pids = b.list(TaskQuery.ALL).stream().flatMap(t -> b.runs(t.id()).stream())
                    .map(Run::workerPid).filter(p -> p != null && p > 0).toList();
        }
        await("worker processes " + pids + " gone", () -> pids.stream()
                .noneMatch(p -> ProcessHandle.of(p).map(ProcessHandle::isAlive).orElse(false)));
    }

    private Task task(String id) {
        try (BoardStore b = board()) {
            return b.get(TaskId.of(id));
        }
    }

    private void config(String yaml) throws Exception {
        Files.writeString(root.resolve("config.yaml"), yaml);
    }

    private String simModel(String model, String keyEnv) {
        return "model: {provider: custom, default: '" + model + "', base_url: '" + sim.chatCompletionsBaseUrl() + "'"
                + (keyEnv == null ? "" : ", key_env: " + keyEnv) + "}\n";
    }

    @Test
    void aWorkerAsksForReviewAChangeRequestSendsItBackAndApprovalFinishesIt() throws Exception {
        sim.registerScript(new SimScript("reviewable", List.of(
                SimScript.Turn.tools(SimScript.ToolCall.of("kanban_show", Map.of())),
                SimScript.Turn.tools(SimScript.ToolCall.of("kanban_request_review",
                        Map.of("summary", "drafted; please check the tone"))),
                SimScript.Turn.text("Waiting for review."))));
        config(simModel("scripted:reviewable", null));
        assertThat(hermes("kanban", "init").exit()).isZero();
        String id = created(hermes("kanban", "create", "Write the announcement", "--skill", "kanban-worker"));
        String child = created(hermes("kanban", "create", "Send the announcement", "--parent", id));

        HermesProcess.Result tick = hermes("kanban", "dispatch");
        assertThat(tick.out()).as(tick.err()).contains("spawned " + id);
        await(id + " in review", () -> task(id).status() == TaskStatus.REVIEW);
        assertThat(hermes("kanban", "show", id).out()).contains("status: review", "review_requested",
                "drafted; please check the tone");
        assertThat(task(child).status()).isEqualTo(TaskStatus.TODO);

        HermesProcess.Result changes = hermes("kanban", "request-changes", id, "warmer tone, and name the date");
        assertThat(changes.out()).as(changes.err()).contains("changes requested on " + id, "ready again");
        assertThat(hermes("kanban", "show", id).out()).contains("carol", "changes requested: warmer tone");

        assertThat(hermes("kanban", "dispatch").out()).contains("spawned " + id);
        await(id + " in review again", () -> task(id).status() == TaskStatus.REVIEW);
        try (BoardStore b = board()) {
            assertThat(b.runs(TaskId.of(id))).extracting(Run::outcome)
                    .containsExactly(RunOutcome.REVIEW_REQUESTED, RunOutcome.REVIEW_REQUESTED);
        }
        HermesProcess.Result approve = hermes("kanban", "complete", id);
        assertThat(approve.out()).as(approve.err()).contains("approved " + id);
        assertThat(task(id).status()).isEqualTo(TaskStatus.DONE);
        assertThat(task(child).status()).isEqualTo(TaskStatus.READY);
        assertThat(hermes("kanban", "reopen-review", id, "--reason", "typo").out()).contains("in review again");
        assertThat(task(child).status()).isEqualTo(TaskStatus.TODO);
        awaitWorkersGone();
    }

    @Test
    void aKeyOnlyInTheDispatchersShellLeavesTasksReadyWithTheReasonShownNotBlocked() throws Exception {
        sim.close();
        sim = SimServer.start(0, SimOptions.defaults().withRequiredKey(KEY));
        config(simModel("scripted:kanban-worker", "SIM_KEY"));
        assertThat(hermes("kanban", "init").exit()).isZero();
        String a = created(hermes("kanban", "create", "first"));
        String b = created(hermes("kanban", "create", "second"));
        Map<String, String> shell = Map.of("SIM_KEY", KEY);

        for (int i = 0; i < 3; i++) {
            HermesProcess.Result tick = hermes(shell, "kanban", "dispatch");
            assertThat(tick.exit()).as(tick.err()).isZero();
            assertThat(tick.out()).doesNotContain("spawned");
            if (i == 0) {
                assertThat(tick.out()).contains("not started, fix the profile (no failure counted)", a, b,
                        "does not inherit keys from the environment of the dispatcher",
                        "SIM_KEY=... in " + root.resolve(".env"), "kanban.worker_env");
            } else {
                assertThat(tick.out()).as("the reason is said once").doesNotContain("does not inherit")
                        .contains("waiting for a profile fix (see kanban show)", a);
            }
        }
        for (String id : List.of(a, b)) {
            Task t = task(id);
            assertThat(t.status()).isEqualTo(TaskStatus.READY);
            assertThat(t.consecutiveFailures()).isZero();
            try (BoardStore board = board()) {
                assertThat(board.runs(t.id())).isEmpty();
            }
        }
        assertThat(hermes("kanban", "list").out()).contains("not started: profile 'default': no API key");
        assertThat(hermes("kanban", "show", a).out()).contains("not started (a configuration problem, not a failure)",
                "SIM_KEY");

        // the opt-in: the dispatcher passes the named variable, and the workers finish
        config(simModel("scripted:kanban-worker", "SIM_KEY") + "kanban: {worker_env: [SIM_KEY]}\n");
        assertThat(hermes(shell, "kanban", "dispatch").out()).contains("spawned " + a + " " + b);
        await("both done", () -> task(a).status() == TaskStatus.DONE && task(b).status() == TaskStatus.DONE);
        assertThat(task(a).dispatchNote()).isNull();
        awaitWorkersGone();
    }

    @Test
    void anUnknownProfileIsRefusedAtCreateAndRecordedAsSpawnFailedByAOneShotDispatch() throws Exception {
        config(simModel("scripted:kanban-worker", null));
        assertThat(hermes("kanban", "init").exit()).isZero();
        HermesProcess.Result refused = hermes("kanban", "create", "x", "--assignee", "ghost");
        assertThat(refused.exit()).isEqualTo(2);
        assertThat(refused.err()).contains("unknown profile 'ghost'");
        Files.createDirectories(root.resolve("profiles/temp"));
        String id = created(hermes("kanban", "create", "orphan", "--assignee", "temp"));
        Files.delete(root.resolve("profiles/temp"));

        assertThat(hermes("kanban", "dispatch").exit()).isZero();
        try (BoardStore b = board()) {
            assertThat(b.runs(TaskId.of(id))).singleElement().satisfies(r -> {
                assertThat(r.outcome()).isEqualTo(RunOutcome.SPAWN_FAILED);
                assertThat(r.error()).contains("unknown profile 'temp'");
            });
            assertThat(b.get(TaskId.of(id)).status()).isEqualTo(TaskStatus.READY);
        }
    }

    @Test
    void theKanbanDemoRunsDependentTasksToDoneWithOneFailoverMidTask() throws Exception {
        Path home = root.resolve("demo");
        HermesProcess.Result demo = HermesProcess.run(root, Map.of("HERMES_HOME", root.toString()), WORKER.multipliedBy(2),
                "demo", "kanban", "--dir", home.toString());
        assertThat(demo.exit()).as(demo.err()).isZero();
        assertThat(demo.out()).contains("board:", "Outline the report", "Draft the report", "Publish the report");
        assertThat(demo.out().lines().filter(l -> l.matches("\\s+t_[0-9a-f]{8}\\s+done\\s+.*"))).hasSize(4);
        assertThat(demo.err()).contains("no key, no network", "cut after 1 chunk",
                "1 call(s) finished through the fallback");
        try (BoardStore b = SqliteBoardStore.open(home.resolve("boards/default.db"), BoardOptions.DEFAULTS)) {
            List<Task> all = b.list(TaskQuery.ALL);
            assertThat(all).hasSize(4).allMatch(t -> t.status() == TaskStatus.DONE);
            Task draft = all.stream().filter(t -> t.title().equals("Draft the report")).findFirst().orElseThrow();
            assertThat(b.runs(draft.id())).singleElement().extracting(Run::outcome).isEqualTo(RunOutcome.COMPLETED);
            String log = Files.readString(home.resolve("boards/default/logs/" + draft.id() + ".log"));
            assertThat(log).contains("falling back to sim-fallback/scripted:kanban-worker", "ok kanban_complete");
        }
    }
}

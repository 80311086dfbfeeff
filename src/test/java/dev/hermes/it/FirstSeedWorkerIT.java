package dev.hermes.it;

import dev.hermes.board.BoardOptions;
import dev.hermes.board.NewTask;
import dev.hermes.board.Run;
import dev.hermes.board.RunOutcome;
import dev.hermes.board.SqliteBoardStore;
import dev.hermes.board.Task;
import dev.hermes.board.TaskEvent;
import dev.hermes.board.TaskStatus;
import dev.hermes.sim.SimAttempt;
import dev.hermes.sim.SimOptions;
import dev.hermes.sim.SimScript;
import dev.hermes.sim.SimServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The first seed end to end: a kanban worker (real {@code bin/hermes}, started by the dispatcher)
 * whose primary is a MiniMax-style provider (Anthropic wire, key from the profile's .env) that
 * stalls mid-stream. With a fallback the task ends done through it, with nobody intervening;
 * without one the run ends classified as crashed with the stall as its reason, long before the
 * lease would have expired, and the failure limit decides between retry and blocked.
 * Every bound is computed from the timeouts this test configures.
 */
class FirstSeedWorkerIT {

    private static final String KEY = "sk-sim-minimax-seed-0001";
    private static final double CONNECT = 1, HEADERS = 2, FIRST_CONTENT = 1, CONTENT_IDLE = 1, DEADLINE = 4;
    private static final double BACKOFF_CAP = 0.2;
    private static final int RETRIES = 2;
    /** The production default: the seed's failure was waiting this long; nothing here may. */
    private static final Duration LEASE = Duration.ofMinutes(5);
    /** Starting a worker JVM (and its dispatcher tick) on a loaded 2-core machine. */
    private static final Duration START_SLACK = Duration.ofSeconds(20);

    @TempDir
    Path root;
    SimServer sim;
    KanbanRig rig;

    @BeforeEach
    void start() throws Exception {
        sim = SimServer.start(0, SimOptions.defaults().withRequiredKey(KEY));
        SimScript.Turn show = SimScript.Turn.tools(SimScript.ToolCall.of("kanban_show", Map.of()));
        SimScript.Turn complete = SimScript.Turn.tools(SimScript.ToolCall.of("kanban_complete",
                Map.of("summary", "done through the fallback")));
        String stall = "stall:after=2";
        sim.registerScript(new SimScript("minimax-stalls", List.of(show.withFault(stall), complete.withFault(stall),
                SimScript.Turn.text("Done."))));
        sim.registerScript(new SimScript("fallback", List.of(show, complete, SimScript.Turn.text("Done."))));
        Files.createDirectories(root.resolve("boards"));
        Path db = root.resolve("boards/default.db");
        rig = new KanbanRig(root, SqliteBoardStore.open(db, BoardOptions.DEFAULTS), db.toString(), 2, LEASE,
                Duration.ofSeconds(1));
    }

    @AfterEach
    void stop() throws Exception {
        if (rig != null) {
            rig.close();
            rig.store.close();
        }
        if (sim != null) sim.close();
    }

    private void configure(boolean withFallback) throws Exception {
        String config = "model: {provider: minimax, default: 'scripted:minimax-stalls', base_url: '"
                + sim.anthropicBaseUrl() + "'}\n"
                + "timeouts: {connect_timeout_seconds: " + CONNECT + ", headers_timeout_seconds: " + HEADERS
                + ", first_content_timeout_seconds: " + FIRST_CONTENT + ", content_idle_timeout_seconds: "
                + CONTENT_IDLE + ", deadline_seconds: " + DEADLINE + "}\n"
                + "agent: {retries: " + RETRIES + "}\n"
                + "failover: {backoff_base_seconds: 0.1, backoff_cap_seconds: " + BACKOFF_CAP + "}\n"
                + (withFallback ? "fallback_providers:\n  - {provider: custom, model: 'scripted:fallback', base_url: '"
                + sim.chatCompletionsBaseUrl() + "', api_mode: chat_completions, key_env: SIM_FALLBACK_KEY}\n" : "");
        // the keys live only in the profile's .env: the dispatcher passes no key of any kind
        rig.profile("default", config, "MINIMAX_API_KEY=" + KEY + "\nSIM_FALLBACK_KEY=" + KEY + "\n");
    }

    /**
     * The longest a worker run may take: every model call tries each route at most retries + 1
     * times, each attempt ends by connect + deadline at the latest, with at most the backoff cap
     * between attempts; plus the start of the worker.
     */
    private static Duration budget(int modelCalls, int routes) {
        double perAttempt = CONNECT + DEADLINE + BACKOFF_CAP;
        double seconds = modelCalls * routes * (RETRIES + 1) * perAttempt;
        return Duration.ofMillis((long) (seconds * 1000)).plus(START_SLACK);
    }

    @Test
    void aWorkerOnAStallingMiniMaxFinishesItsTaskThroughTheFallback() throws Exception {
        configure(true);
        Task task = rig.store.create(NewTask.builder("seed one").status(TaskStatus.READY).build());
        Duration bound = budget(3, 2);
        assertThat(bound).as("the budget must be well inside the lease").isLessThan(LEASE);
        long started = System.nanoTime();
        rig.startTicking();
        rig.awaitUntil("the task done", bound, () -> rig.store.get(task.id()).status() == TaskStatus.DONE);
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        rig.stopTicking();

        assertThat(took).isLessThan(bound);
        List<Run> runs = rig.store.runs(task.id());
        assertThat(runs).singleElement().satisfies(r -> {
            assertThat(r.outcome()).isEqualTo(RunOutcome.COMPLETED);
            assertThat(r.summary()).isEqualTo("done through the fallback");
        });
        assertThat(rig.store.events(task.id())).extracting(TaskEvent::kind)
                .doesNotContain("reclaimed", "force_completed", "fenced_write_rejected");

        List<SimAttempt> calls = sim.attempts();
        assertThat(calls).noneMatch(a -> a.outcome().equals("401"));
        // the primary stalled on both tool-calling turns and was given up on, over the Anthropic wire with the key
        assertThat(calls).filteredOn(a -> a.model().equals("scripted:minimax-stalls") && a.fault().contains("turn 1"))
                .isNotEmpty().allMatch(a -> a.outcome().startsWith("stalled after") && a.wire().equals("anthropic_messages")
                        && !a.authKinds().isEmpty());
        assertThat(calls).filteredOn(a -> a.model().equals("scripted:minimax-stalls") && a.fault().contains("turn 2"))
                .isNotEmpty().allMatch(a -> a.outcome().startsWith("stalled after"));
        // and the fallback answered both
        assertThat(calls).filteredOn(a -> a.model().equals("scripted:fallback") && a.outcome().equals("completed"))
                .extracting(SimAttempt::fault).contains("scripted:fallback turn 1", "scripted:fallback turn 2");
        String log = rig.log(task);
        assertThat(log).contains("stall", "falling back to custom/scripted:fallback", "ok kanban_complete")
                .doesNotContain(KEY);
    }

    @Test
    void withoutAFallbackTheRunEndsClassifiedWithinItsBudgetAndTheFailureLimitBlocksTheTask() throws Exception {
        configure(false);
        Task task = rig.store.create(NewTask.builder("seed two").status(TaskStatus.READY).maxRetries(2).build());
        Duration perRun = budget(1, 1);
        assertThat(perRun.multipliedBy(2)).as("both runs must fit well inside one lease").isLessThan(LEASE);
        long started = System.nanoTime();
        rig.startTicking();
        rig.awaitUntil("the task blocked", perRun.multipliedBy(2),
                () -> rig.store.get(task.id()).status() == TaskStatus.BLOCKED);
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        rig.stopTicking();

        assertThat(took).isLessThan(perRun.multipliedBy(2));
        List<Run> runs = rig.store.runs(task.id());
        assertThat(runs).hasSize(2).allSatisfy(r -> {
            // recorded by the worker itself (WorkerSupport.finish), at once: not a lease expiry
            assertThat(r.outcome()).isEqualTo(RunOutcome.CRASHED);
            assertThat(r.error()).contains("worker exited with code 1", "stall", "content_idle_timeout_seconds")
                    .doesNotContain(KEY);
            assertThat(Duration.between(r.startedAt(), r.endedAt())).isLessThan(perRun);
        });
        List<String> kinds = rig.store.events(task.id()).stream().map(TaskEvent::kind).toList();
        // the first crash requeued the task, the second reached the limit
        assertThat(kinds).containsSubsequence("claimed", "failed", "requeued", "claimed", "failed", "gave_up")
                .doesNotContain("reclaimed");
        assertThat(rig.store.events(task.id()).stream().filter(e -> e.kind().equals("gave_up")).findFirst().orElseThrow()
                .payload().get("reason").asText()).contains("2 consecutive failures", "crashed", "stall");
        assertThat(sim.attempts()).isNotEmpty().allMatch(a -> a.model().equals("scripted:minimax-stalls")
                && a.outcome().startsWith("stalled after"));
    }
}

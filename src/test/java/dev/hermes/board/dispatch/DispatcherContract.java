package dev.hermes.board.dispatch;

import dev.hermes.board.BoardOptions;
import dev.hermes.board.BoardStore;
import dev.hermes.board.NewTask;
import dev.hermes.board.Run;
import dev.hermes.board.RunOutcome;
import dev.hermes.board.Task;
import dev.hermes.board.TaskEvent;
import dev.hermes.board.TaskId;
import dev.hermes.board.TaskStatus;
import dev.hermes.util.MonotonicClock;
import dev.hermes.util.Sleeper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dispatcher against a real board, with real worker processes whose behaviour each test
 * scripts (bash, or {@link FakeWorkerMain} for a worker that completes through the real tools).
 * Leases are hundreds of milliseconds; waits are bounded polls.
 */
abstract class DispatcherContract {

    /** Long enough for a worker JVM to start and land its first heartbeat on a loaded 2-core machine. */
    static final Duration LEASE = Duration.ofMillis(1500);
    static final Duration COOLDOWN = Duration.ofMillis(300);

    @TempDir
    Path dir;
    BoardStore store;
    final AtomicLong now = new AtomicLong();
    final MonotonicClock clock = now::get;
    /** Every worker started, in order, with whether another worker of its task was alive then. */
    final List<String> launches = Collections.synchronizedList(new ArrayList<>());
    final Map<TaskId, List<Process>> processes = new ConcurrentHashMap<>();

    abstract BoardStore open(BoardOptions options);

    /** What workers get in HERMES_KANBAN_BOARD. */
    abstract String boardLocation();

    @BeforeEach
    void openBoard() {
        store = open(BoardOptions.DEFAULTS.withRateLimitCooldown(COOLDOWN));
    }

    @AfterEach
    void cleanUp() {
        processes.values().forEach(ps -> ps.forEach(p -> {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }));
        store.close();
    }

    Dispatcher dispatcher(int maxWorkers, int perProfile, Function<Task, List<String>> argv) {
        return dispatcher(maxWorkers, perProfile, argv, List.of(), WorkerPreflight.NONE);
    }

    Dispatcher dispatcher(int maxWorkers, int perProfile, Function<Task, List<String>> argv, List<String> workerEnv,
                          WorkerPreflight preflight) {
        DispatchSettings settings = new DispatchSettings(boardLocation(), dir.resolve("board"), maxWorkers, perProfile,
                LEASE, Duration.ofMillis(200), Duration.ofMillis(50));
        WorkerLauncher recording = (cmd, env, workDir, log) -> {
            TaskId task = TaskId.of(env.get("HERMES_KANBAN_TASK"));
            boolean otherAlive = processes.getOrDefault(task, List.of()).stream().anyMatch(p -> Reaper.alive(p.toHandle()));
            launches.add(task + (otherAlive ? " WHILE ANOTHER WORKER LIVES" : ""));
            Process p = WorkerLauncher.PROCESS.launch(cmd, env, workDir, log);
            processes.computeIfAbsent(task, k -> Collections.synchronizedList(new ArrayList<>())).add(p);
            return p;
        };
        Map<String, String> parentEnv = Map.of("PATH", System.getenv("PATH"), "OPENAI_API_KEY", "sk-dispatcher-secret",
                "HOME", dir.toString(), "LANG", "C.UTF-8", "HERMES_BOARD_URL", "postgresql://u:pw@h/db");
        return new Dispatcher(store, settings, task -> argv.apply(task), recording, parentEnv,
                new WorkerEnvironment(workerEnv), preflight, new Reaper(MonotonicClock.SYSTEM, Sleeper.SYSTEM), clock);
    }

    @Test
    void aProfileThatCannotRunAWorkerLeavesItsTasksReadyWithTheReasonSaidOnceAndAnUnknownOneFailsTheSpawn()
            throws Exception {
        Task waits = ready("needs a key", "alice", 1);
        Task ghost = ready("assigned to a deleted profile", "ghost", 0);
        Task fine = ready("fine", "bob", 0);
        List<Map<String, String>> seen = Collections.synchronizedList(new ArrayList<>());
        WorkerPreflight preflight = (task, env) -> {
            seen.add(env);
            return switch (task.assignee()) {
                case "alice" -> env.containsKey("OPENAI_API_KEY") ? WorkerPreflight.GO
                        : new WorkerPreflight.Verdict.Wait("profile 'alice': no API key");
                case "ghost" -> new WorkerPreflight.Verdict.Fail("unknown profile 'ghost'");
                default -> WorkerPreflight.GO;
            };
        };
        Dispatcher d = dispatcher(4, 4, bash("exit 0"), List.of(), preflight);
        TickReport first = d.tick();
        assertThat(first.spawned()).containsExactly(fine.id());
        assertThat(first.deferred()).containsExactly(waits.id() + ": profile 'alice': no API key");
        assertThat(first.summary()).contains("not started, fix the profile (no failure counted)");
        assertThat(seen).allSatisfy(env -> {
            assertThat(env).doesNotContainKey("OPENAI_API_KEY").containsKey("PATH");
            assertThat(env.get("HERMES_KANBAN_TASK")).startsWith("t_");
        });
        Task waiting = store.get(waits.id());
        assertThat(waiting.status()).isEqualTo(TaskStatus.READY);
        assertThat(waiting.dispatchNote()).isEqualTo("profile 'alice': no API key");
        assertThat(store.runs(waits.id())).isEmpty();
        assertThat(onlyRun(ghost.id()).outcome()).isEqualTo(RunOutcome.SPAWN_FAILED);
        assertThat(onlyRun(ghost.id()).error()).isEqualTo("unknown profile 'ghost'");

        TickReport second = d.tick();
        assertThat(second.deferred()).as("said once").isEmpty();
        assertThat(second.waiting()).contains(waits.id());
        assertThat(store.events(waits.id()).stream().filter(e -> e.kind().equals("dispatch_deferred"))).hasSize(1);

        // kanban.worker_env: the named variable reaches the check (and the worker), and the task starts
        Dispatcher passing = dispatcher(4, 4, bash("exit 0"), List.of("OPENAI_API_KEY"), preflight);
        assertThat(passing.tick().spawned()).contains(waits.id());
        assertThat(store.get(waits.id()).dispatchNote()).isNull();
    }

    static Function<Task, List<String>> bash(String script) {
        return task -> List.of("bash", "-c", script, "worker-" + task.id());
    }

    Task ready(String title, String assignee, int priority) {
        return store.create(NewTask.builder(title).status(TaskStatus.READY).assignee(assignee).priority(priority).build());
    }

    Run onlyRun(TaskId id) {
        List<Run> runs = store.runs(id);
        assertThat(runs).hasSize(1);
        return runs.get(0);
    }

    List<String> kinds(TaskId id) {
        return store.events(id).stream().map(TaskEvent::kind).toList();
    }

    static void waitUntil(String what, java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new AssertionError("not within 10 s: " + what);
            Thread.sleep(10);
        }
    }

    @Test
    void aWorkerCompletesThroughTheRealToolsWithTheClaimFromItsEnvironmentAndNoSecrets() throws Exception {
        Task t = ready("write env", "alice", 0);
        Dispatcher d = dispatcher(2, 2, task -> List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), FakeWorkerMain.class.getName(), task.id().value()));
        assertThat(d.tick().spawned()).containsExactly(t.id());
        assertThat(store.get(t.id()).status()).isEqualTo(TaskStatus.RUNNING);
        assertThat(d.awaitWorkers(Duration.ofSeconds(30))).containsExactly(t.id() + " (exit 0, finished)");

        Task done = store.get(t.id());
        assertThat(done.status()).isEqualTo(TaskStatus.DONE);
        Run run = onlyRun(t.id());
        assertThat(run.outcome()).isEqualTo(RunOutcome.COMPLETED);
        assertThat(run.summary()).isEqualTo("did it");
        assertThat(run.metadata().get("artifacts").get(0).asText()).isEqualTo("env.txt");
        assertThat(run.workerPid()).isEqualTo(processes.get(t.id()).get(0).pid());
        assertThat(kinds(t.id())).containsSubsequence("claimed", "worker_attached", "completed");

        Path workspace = dir.resolve("board/workspaces").resolve(t.id().value());
        String env = Files.readString(workspace.resolve("env.txt"));
        assertThat(env).contains("cwd=" + workspace, "HERMES_KANBAN_TASK=" + t.id(), "HERMES_KANBAN_RUN=" + run.id(),
                "HERMES_KANBAN_ATTEMPT=1", "HERMES_KANBAN_CLAIMANT=" + run.claimant(),
                "HERMES_KANBAN_BOARD=" + boardLocation(), "LANG=C.UTF-8");
        assertThat(env).doesNotContain("sk-dispatcher-secret", "OPENAI_API_KEY", "HERMES_BOARD_URL");
        assertThat(Files.readString(dir.resolve("board/logs").resolve(t.id() + ".log")))
                .contains("attempt 1 run " + run.id(), "complete: Task completed.");
    }

    @Test
    void exitWithoutFinishingIsAProtocolViolationWithItsOwnReason() throws Exception {
        Task t = ready("lazy", "alice", 0);
        Dispatcher d = dispatcher(2, 2, bash("echo 'here is my answer'; exit 0"));
        d.tick();
        d.awaitWorkers(Duration.ofSeconds(10));
        Run run = onlyRun(t.id());
        assertThat(run.outcome()).isEqualTo(RunOutcome.PROTOCOL_VIOLATION);
        assertThat(run.error()).contains("exited 0 without calling kanban_complete, kanban_request_review or kanban_block", "here is my answer");
        assertThat(store.get(t.id()).protocolViolations()).isEqualTo(1);
        assertThat(store.get(t.id()).consecutiveFailures()).isZero();
        assertThat(store.get(t.id()).status()).isEqualTo(TaskStatus.READY);
    }

    @Test
    void providerFailureIsACrashWithTheErrorFromTheLogAndTheLimitBlocksTheTask() throws Exception {
        Task t = ready("doomed", "alice", 0);
        Dispatcher d = dispatcher(2, 2, bash("echo 'hermes: every provider failed: 401 invalid key' >&2; exit 1"));
        d.tick();
        d.awaitWorkers(Duration.ofSeconds(10));
        assertThat(d.tick().spawned()).containsExactly(t.id());
        d.awaitWorkers(Duration.ofSeconds(10));
        assertThat(store.runs(t.id())).extracting(Run::outcome).containsExactly(RunOutcome.CRASHED, RunOutcome.CRASHED);
        assertThat(store.runs(t.id()).get(1).error()).contains("exited 1", "401 invalid key");
        Task blocked = store.get(t.id());
        assertThat(blocked.status()).isEqualTo(TaskStatus.BLOCKED);
        assertThat(store.events(t.id()).stream().filter(e -> e.kind().equals("gave_up")).findFirst().orElseThrow()
                .payload().get("reason").asText()).contains("2 consecutive failures", "crashed", "401 invalid key");
        assertThat(d.tick().spawned()).isEmpty();
    }

    @Test
    void rateLimitedExitIsRequeuedAfterTheCooldownAndNotCounted() throws Exception {
        Task t = ready("busy provider", "alice", 0);
        Dispatcher d = dispatcher(2, 2, bash("exit 75"));
        d.tick();
        d.awaitWorkers(Duration.ofSeconds(10));
        assertThat(onlyRun(t.id()).outcome()).isEqualTo(RunOutcome.RATE_LIMITED);
        Task waiting = store.get(t.id());
        assertThat(waiting.status()).isEqualTo(TaskStatus.READY);
        assertThat(waiting.consecutiveFailures()).isZero();
        assertThat(waiting.cooldownUntil()).isNotNull();
        assertThat(d.tick().spawned()).isEmpty();
        waitUntil("respawn after the cooldown", () -> {
            try {
                return !d.tick().spawned().isEmpty();
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        });
        d.awaitWorkers(Duration.ofSeconds(10));
        assertThat(store.runs(t.id())).extracting(Run::outcome).containsExactly(RunOutcome.RATE_LIMITED,
                RunOutcome.RATE_LIMITED);
        assertThat(store.get(t.id()).consecutiveFailures()).isZero();
    }

    @Test
    void aHungWorkerIsKilledWithItsChildrenBeforeTheTaskIsHandedOutAgain() throws Exception {
        Task t = ready("hangs", "alice", 0);
        // the shell waits on a child that never ends, and never heartbeats
        Dispatcher d = dispatcher(2, 2, bash("sleep 600 & wait"));
        d.tick();
        Process first = processes.get(t.id()).get(0);
        waitUntil("child started", () -> first.descendants().findAny().isPresent());
        ProcessHandle child = first.descendants().findFirst().orElseThrow();
        waitUntil("lease expired", () -> {
            try {
                return !d.tick().reclaimed().isEmpty();
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        });
        assertThat(first.waitFor(2, TimeUnit.SECONDS)).isTrue();
        assertThat(Reaper.alive(child)).isFalse();
        List<Run> runs = store.runs(t.id());
        assertThat(runs.get(0).outcome()).isEqualTo(RunOutcome.RECLAIMED);
        assertThat(kinds(t.id())).containsSubsequence("reclaimed", "requeued", "worker_released", "claimed");
        // the same tick handed it out again, to a fresh worker, only after the first was dead
        assertThat(runs).hasSize(2);
        assertThat(launches).containsExactly(t.id().value(), t.id().value());
    }

    @Test
    void aWorkerIgnoringSigtermIsKilledWithSigkill() throws Exception {
        Task t = ready("stubborn", "alice", 0);
        Dispatcher d = dispatcher(1, 1, bash("trap '' TERM; while :; do sleep 0.05; done"));
        d.tick();
        Process first = processes.get(t.id()).get(0);
        long started = System.nanoTime();
        waitUntil("reclaimed", () -> {
            try {
                return !d.tick().killed().isEmpty();
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        });
        // The reaper counts a zombie as dead (it does no work); the JDK reaps it a moment later.
        assertThat(first.waitFor(2, TimeUnit.SECONDS)).isTrue();
        assertThat(first.exitValue()).isEqualTo(137);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
        assertThat(launches).noneMatch(l -> l.contains("WHILE ANOTHER WORKER LIVES"));
    }

    @Test
    void readyTasksAreSpawnedByPriorityWithinTheHostAndProfileCaps() throws Exception {
        Task a = ready("a", "alice", 5);
        Task b = ready("b", "alice", 9);
        Task c = ready("c", "bob", 1);
        Task dd = ready("d", "bob", 3);
        Task e = ready("e", "carol", 7);
        Task todo = store.create(NewTask.builder("after b").assignee("carol").parent(b.id()).build());
        Dispatcher d = dispatcher(3, 1, bash("sleep 600"));
        TickReport first = d.tick();
        assertThat(first.spawned()).containsExactly(b.id(), e.id(), dd.id());
        assertThat(d.liveWorkers()).isEqualTo(3);
        assertThat(d.tick().spawned()).isEmpty();
        assertThat(store.get(a.id()).status()).isEqualTo(TaskStatus.READY);
        assertThat(store.get(c.id()).status()).isEqualTo(TaskStatus.READY);
        assertThat(store.get(todo.id()).status()).isEqualTo(TaskStatus.TODO);
    }

    @Test
    void aWorkerOverItsMaxRuntimeIsKilledAndTimedOut() throws Exception {
        Task t = store.create(NewTask.builder("slow").status(TaskStatus.READY).assignee("alice")
                .maxRuntime(Duration.ofSeconds(60)).build());
        Dispatcher d = dispatcher(2, 2, bash("sleep 600"));
        d.tick();
        now.addAndGet(Duration.ofSeconds(59).toNanos());
        assertThat(d.tick().timedOut()).isEmpty();
        now.addAndGet(Duration.ofSeconds(2).toNanos());
        TickReport report = d.tick();
        assertThat(report.timedOut()).containsExactly(t.id());
        assertThat(processes.get(t.id()).get(0).waitFor(2, TimeUnit.SECONDS)).isTrue();
        Run run = store.runs(t.id()).get(0);
        assertThat(run.outcome()).isEqualTo(RunOutcome.TIMED_OUT);
        assertThat(run.error()).contains("max runtime of 60 s");
        // requeued and respawned in the same tick, after the kill
        assertThat(report.spawned()).containsExactly(t.id());
        assertThat(launches).noneMatch(l -> l.contains("WHILE ANOTHER WORKER LIVES"));
    }

    @Test
    void aWorkerThatCannotStartIsASpawnFailure() throws Exception {
        Task t = ready("no binary", "alice", 0);
        Dispatcher d = dispatcher(2, 2, task -> List.of(dir.resolve("no-such-hermes").toString()));
        assertThat(d.tick().spawned()).isEmpty();
        Run run = onlyRun(t.id());
        assertThat(run.outcome()).isEqualTo(RunOutcome.SPAWN_FAILED);
        assertThat(run.error()).contains("could not start the worker", "no-such-hermes");
        assertThat(store.get(t.id()).consecutiveFailures()).isEqualTo(1);
    }
}

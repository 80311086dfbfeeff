package dev.hermes.board.dispatch;

import dev.hermes.board.BoardException;
import dev.hermes.board.BoardStore;
import dev.hermes.board.Claim;
import dev.hermes.board.ClaimFilter;
import dev.hermes.board.Claimant;
import dev.hermes.board.Run;
import dev.hermes.board.RunOutcome;
import dev.hermes.board.Task;
import dev.hermes.board.TaskId;
import dev.hermes.board.TaskQuery;
import dev.hermes.board.TaskStatus;
import dev.hermes.board.worker.WorkerContext;
import dev.hermes.util.MonotonicClock;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Hands ready tasks to worker processes and takes them back. One {@link #tick()}:
 * <ol>
 *   <li><b>exits</b>: a worker that exited without completing or blocking its task gets its run
 *       failed with the outcome its exit code means ({@link ExitClassifier});</li>
 *   <li><b>reclaim</b>: {@code reclaimExpired()}; a reclaimed worker of this dispatcher is killed
 *       (SIGTERM, grace, SIGKILL) and, once seen dead, its task's worker hold is released; one
 *       that survives keeps the hold (extended) and is retried every tick;</li>
 *   <li><b>max runtime</b>: a worker over its task's max runtime is killed, then failed as
 *       {@code timed_out};</li>
 *   <li><b>promote</b> todo tasks whose parents are done;</li>
 *   <li><b>spawn</b>: ready tasks by priority then age, within the host-wide and per-profile caps:
 *       check the assignee profile ({@link WorkerPreflight}: a configuration problem leaves the
 *       task ready with the reason noted on the board, no failure counted), claim on the worker's
 *       behalf, start the worker, {@code attachWorker}.</li>
 * </ol>
 * Two live workers on one task are impossible: the store does not offer a reclaimed task again
 * until this dispatcher saw the old worker dead, or one more lease passed (by then a worker that
 * could not renew its lease has stopped itself, see {@code Heartbeater}).
 *
 * <p>Not thread-safe: one thread ticks. The caller owns the store.
 */
public final class Dispatcher {

    private record Live(Claim claim, Task task, Process process, long startedNanos, Path log, long logOffset) {
    }

    private final BoardStore store;
    private final DispatchSettings settings;
    private final WorkerCommand command;
    private final WorkerLauncher launcher;
    private final Map<String, String> parentEnvironment;
    private final WorkerEnvironment workerEnvironment;
    private final WorkerPreflight preflight;
    private final Reaper reaper;
    private final MonotonicClock clock;
    private final String host = Claimant.forThisProcess().host();
    private final Map<Long, Live> live = new LinkedHashMap<>();
    /** Reclaimed workers that survived SIGKILL, by run id: killed again every tick. */
    private final Map<Long, Live> survivors = new LinkedHashMap<>();

    public Dispatcher(BoardStore store, DispatchSettings settings, WorkerCommand command, WorkerLauncher launcher,
                      Map<String, String> parentEnvironment, Reaper reaper, MonotonicClock clock) {
        this(store, settings, command, launcher, parentEnvironment, new WorkerEnvironment(List.of()),
                WorkerPreflight.NONE, reaper, clock);
    }

    /**
     * @param workerEnvironment what of {@code parentEnvironment} workers get
     * @param preflight         checks a task's profile before its worker is started
     */
    public Dispatcher(BoardStore store, DispatchSettings settings, WorkerCommand command, WorkerLauncher launcher,
                      Map<String, String> parentEnvironment, WorkerEnvironment workerEnvironment,
                      WorkerPreflight preflight, Reaper reaper, MonotonicClock clock) {
        this.store = store;
        this.settings = settings;
        this.command = command;
        this.launcher = launcher;
        this.parentEnvironment = Map.copyOf(parentEnvironment);
        this.workerEnvironment = workerEnvironment;
        this.preflight = preflight;
        this.reaper = reaper;
        this.clock = clock;
    }

    /** Live workers of this dispatcher. */
    public int liveWorkers() {
        return live.size();
    }

    public TickReport tick() throws InterruptedException {
        List<String> exited = reapExits();
        List<TaskId> reclaimed = new ArrayList<>();
        List<TaskId> killed = new ArrayList<>();
        for (Claim c : store.reclaimExpired()) {
            reclaimed.add(c.taskId());
            Live w = live.remove(c.runId());
            if (w != null) {
                survivors.put(c.runId(), w);
            } else if (strayLocalWorker(c).map(h -> killQuietly(h)).orElse(false)) {
                // a worker of an earlier dispatcher on this host; its hold still runs out on its own,
                // since a pid alone cannot prove no other process of that attempt is alive
                killed.add(c.taskId());
            }
        }
        for (Iterator<Live> it = survivors.values().iterator(); it.hasNext(); ) {
            Live w = it.next();
            if (reaper.kill(w.process().toHandle(), settings.killGrace())) {
                it.remove();
                killed.add(w.claim().taskId());
                store.releaseWorker(w.claim().taskId(), w.claim().attempt(), "dispatcher on " + host
                        + ": worker pid " + w.process().pid() + " seen dead");
            } else {
                store.holdWorker(w.claim().taskId(), w.claim().attempt(), settings.lease(),
                        "worker pid " + w.process().pid() + " survived SIGKILL");
            }
        }
        List<TaskId> timedOut = enforceMaxRuntime(killed);
        List<TaskId> promoted = store.promote();
        List<String> deferred = new ArrayList<>();
        List<TaskId> waiting = new ArrayList<>();
        List<TaskId> spawned = spawn(deferred, waiting);
        return new TickReport(exited, reclaimed, killed,
                survivors.values().stream().map(w -> w.claim().taskId()).toList(), timedOut, promoted, spawned,
                deferred, waiting);
    }

    /** The reclaimed claim's process, if it runs on this host and its command line names the task. */
    private Optional<ProcessHandle> strayLocalWorker(Claim c) {
        long pid = c.claimant().pid();
        if (!host.equals(c.claimant().host()) || pid <= 0 || pid == ProcessHandle.current().pid()) return Optional.empty();
        return ProcessHandle.of(pid).filter(h -> h.info().commandLine().map(l -> l.contains(c.taskId().value()))
                .orElse(false));
    }

    private boolean killQuietly(ProcessHandle h) {
        try {
            return reaper.kill(h, settings.killGrace());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Waits until every live worker has exited (or {@code bound} passes), then records the exits. */
    public List<String> awaitWorkers(Duration bound) throws InterruptedException {
        long deadline = clock.nanoTime() + bound.toNanos();
        for (Live w : List.copyOf(live.values())) {
            long left = deadline - clock.nanoTime();
            if (left <= 0 || !w.process().waitFor(left, java.util.concurrent.TimeUnit.NANOSECONDS)) break;
        }
        return reapExits();
    }

    private List<String> reapExits() {
        List<String> exited = new ArrayList<>();
        for (Iterator<Live> it = live.values().iterator(); it.hasNext(); ) {
            Live w = it.next();
            if (w.process().isAlive()) continue;
            it.remove();
            int code = w.process().exitValue();
            Optional<Run> open = store.runs(w.claim().taskId()).stream()
                    .filter(r -> r.attempt() == w.claim().attempt() && r.open()).findFirst();
            if (open.isEmpty()) {
                exited.add(w.claim().taskId() + " (exit " + code + ", finished)");
                continue;
            }
            ExitClassifier.Verdict v = ExitClassifier.classify(code, logTail(w));
            boolean applied = store.fail(w.claim(), v.outcome(), v.error()).applied();
            exited.add(w.claim().taskId() + " (exit " + code + ", " + (applied ? v.outcome().sql() : "claim already lost")
                    + ")");
        }
        return exited;
    }

    private List<TaskId> enforceMaxRuntime(List<TaskId> killed) throws InterruptedException {
        List<TaskId> timedOut = new ArrayList<>();
        for (Iterator<Live> it = live.values().iterator(); it.hasNext(); ) {
            Live w = it.next();
            Duration max = w.task().maxRuntime();
            if (max == null || clock.nanoTime() - w.startedNanos() < max.toNanos()) continue;
            // kill first: the task is requeued only once this worker is certainly gone
            if (!reaper.kill(w.process().toHandle(), settings.killGrace())) continue;
            it.remove();
            killed.add(w.claim().taskId());
            if (store.fail(w.claim(), RunOutcome.TIMED_OUT, "ran longer than its max runtime of "
                    + max.toSeconds() + " s; killed").applied()) {
                timedOut.add(w.claim().taskId());
            }
        }
        return timedOut;
    }

    /**
     * Starts workers for ready tasks. {@code deferred} gets "task: reason" for each task newly held
     * back by its profile's configuration, {@code waiting} every task held back this tick.
     */
    private List<TaskId> spawn(List<String> deferred, List<TaskId> waiting) {
        List<TaskId> spawned = new ArrayList<>();
        Map<String, Integer> perProfile = new HashMap<>();
        live.values().forEach(w -> perProfile.merge(WorkerCommand.profile(w.task()), 1, Integer::sum));
        Map<String, WorkerPreflight.Verdict> checked = new HashMap<>(); // one check per profile and route per tick
        for (Task t : store.list(TaskQuery.status(TaskStatus.READY))) {
            if (live.size() >= settings.maxWorkers()) break;
            String profile = WorkerCommand.profile(t);
            if (perProfile.getOrDefault(profile, 0) >= settings.maxPerProfile()) continue;
            WorkerPreflight.Verdict verdict = checked.computeIfAbsent(profile + "|" + t.model() + "|" + t.provider(),
                    k -> preflight.check(t, baseEnvironment(t)));
            if (verdict instanceof WorkerPreflight.Verdict.Wait wait) {
                waiting.add(t.id());
                // the listing shows the note already there: a write only when it changes
                if (!wait.reason().equals(t.dispatchNote()) && store.noteDispatch(t.id(), wait.reason())) {
                    deferred.add(t.id() + ": " + wait.reason());
                }
                continue;
            }
            Optional<Claim> claim;
            try {
                claim = store.claim(new Claimant(Claimant.forThisProcess().id(), host, ProcessHandle.current().pid()),
                        settings.lease(), ClaimFilter.task(t.id()));
            } catch (BoardException.IllegalTransition notNow) {
                continue; // in a cooldown, held, or taken by another dispatcher since the listing
            }
            if (claim.isEmpty()) continue;
            if (verdict instanceof WorkerPreflight.Verdict.Fail fail) {
                store.fail(claim.get(), RunOutcome.SPAWN_FAILED, fail.reason());
                continue;
            }
            if (start(store.get(t.id()), claim.get())) {
                spawned.add(t.id());
                perProfile.merge(profile, 1, Integer::sum);
            }
        }
        return spawned;
    }

    /** Starts the worker for a fresh claim; a failure to start is recorded as spawn_failed. */
    private boolean start(Task task, Claim claim) {
        Path workspace = task.workspace() != null ? Path.of(task.workspace()) : settings.workspace(task.id().value());
        Path log = settings.logFile(task.id().value());
        Process process;
        long offset;
        try {
            Files.createDirectories(workspace);
            Files.createDirectories(log.getParent());
            Files.writeString(log, "=== " + Instant.now() + " attempt " + claim.attempt() + " run " + claim.runId()
                    + " worker " + claim.claimant().id() + " (" + WorkerCommand.profile(task) + ")\n",
                    StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            offset = Files.size(log);
            Map<String, String> env = new LinkedHashMap<>(workerEnvironment.of(parentEnvironment));
            env.putAll(new WorkerContext(task.id(), claim.runId(), claim.claimant().id(), claim.attempt(),
                    settings.board(), settings.lease(), workspace).toEnvironment());
            process = launcher.launch(command.argv(task), env, workspace, log);
        } catch (IOException | RuntimeException e) {
            store.fail(claim, RunOutcome.SPAWN_FAILED, "could not start the worker: " + e.getMessage());
            return false;
        }
        // tracked before the board is told, so a storage error in attachWorker cannot orphan it
        live.put(claim.runId(), new Live(claim, task, process, clock.nanoTime(), log, offset));
        if (!store.attachWorker(claim, process.pid()).applied()) {
            // cannot happen short of a person force-completing in between; never leave it running
            live.remove(claim.runId());
            process.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            return false;
        }
        return true;
    }

    /** What a worker for {@code task} would find in its environment, before its claim is added. */
    private Map<String, String> baseEnvironment(Task task) {
        Map<String, String> env = new LinkedHashMap<>(workerEnvironment.of(parentEnvironment));
        env.put(WorkerContext.TASK, task.id().value());
        return env;
    }

    /** The last lines the worker wrote to its log in this attempt, at most 2,000 characters. */
    private static String logTail(Live w) {
        try {
            byte[] all = Files.readAllBytes(w.log());
            int from = (int) Math.max(w.logOffset(), all.length - 2_000L);
            return new String(all, from, all.length - from, StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read worker log " + w.log(), e);
        }
    }
}

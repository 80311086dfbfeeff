package dev.hermes.it;

import dev.hermes.board.BoardStore;
import dev.hermes.board.Task;
import dev.hermes.board.TaskId;
import dev.hermes.board.TaskQuery;
import dev.hermes.board.TaskStatus;
import dev.hermes.board.dispatch.DispatchSettings;
import dev.hermes.board.dispatch.Dispatcher;
import dev.hermes.board.dispatch.Reaper;
import dev.hermes.board.dispatch.WorkerCommand;
import dev.hermes.board.dispatch.WorkerLauncher;
import dev.hermes.testing.HermesProcess;
import dev.hermes.util.MonotonicClock;
import dev.hermes.util.Sleeper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;

/**
 * A dispatcher in the test JVM starting real {@code bin/hermes} workers (the production
 * {@link WorkerCommand#hermes} and {@link WorkerLauncher#PROCESS}), wrapped only to remember every
 * worker process and to flag a launch while another worker of the same task is still alive.
 * The workers' environment is what a dispatcher would pass: PATH, HOME, LANG, JAVA_HOME (this
 * JVM's JDK, which {@code bin/hermes} needs) and HERMES_HOME; no key of any kind.
 */
final class KanbanRig implements AutoCloseable {

    /** One worker process the dispatcher started. */
    record Worker(TaskId task, Process process) {
    }

    final Path root;
    final BoardStore store;
    final List<Worker> workers = Collections.synchronizedList(new ArrayList<>());
    /** Launches made while another worker of the same task was alive: must stay empty. */
    final List<String> overlaps = Collections.synchronizedList(new ArrayList<>());
    private final Dispatcher dispatcher;
    private final AtomicReference<Throwable> loopFailure = new AtomicReference<>();
    private volatile boolean stopping;
    private Thread loop;

    KanbanRig(Path root, BoardStore store, String boardLocation, int maxWorkers, Duration lease, Duration killGrace)
            throws IOException {
        this.root = root;
        this.store = store;
        Path home = Files.createDirectories(root.resolve("user-home"));
        DispatchSettings settings = new DispatchSettings(boardLocation, root.resolve("boards/default"), maxWorkers,
                maxWorkers, lease, killGrace, Duration.ofMillis(100));
        WorkerLauncher recording = (argv, env, dir, log) -> {
            TaskId task = TaskId.of(env.get("HERMES_KANBAN_TASK"));
            synchronized (workers) {
                workers.stream().filter(w -> w.task().equals(task) && Reaper.alive(w.process().toHandle()))
                        .forEach(w -> overlaps.add(task + ": launched while pid " + w.process().pid() + " lives"));
            }
            Process p = WorkerLauncher.PROCESS.launch(argv, env, dir, log);
            workers.add(new Worker(task, p));
            return p;
        };
        Map<String, String> parentEnv = Map.of("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"),
                "HOME", home.toString(), "LANG", "C.UTF-8", "JAVA_HOME", System.getProperty("java.home"),
                "HERMES_HOME", root.toString());
        this.dispatcher = new Dispatcher(store, settings, WorkerCommand.hermes(HermesProcess.launcher().toString()),
                recording, parentEnv, new Reaper(MonotonicClock.SYSTEM, Sleeper.SYSTEM), MonotonicClock.SYSTEM);
    }

    /** Writes {@code <root>/config.yaml} (profile "default") or {@code <root>/profiles/<name>/config.yaml}. */
    void profile(String name, String configYaml, String dotEnv) throws IOException {
        Path home = name.equals("default") ? root : Files.createDirectories(root.resolve("profiles").resolve(name));
        Files.writeString(home.resolve("config.yaml"), configYaml);
        if (dotEnv != null) Files.writeString(home.resolve(".env"), dotEnv);
    }

    /** Ticks on a background thread every 100 ms until {@link #stopTicking()}. */
    void startTicking() {
        loop = Thread.ofPlatform().name("test-dispatcher").start(() -> {
            try {
                while (!stopping) {
                    dispatcher.tick();
                    Thread.sleep(100);
                }
            } catch (Throwable t) {
                if (!(t instanceof InterruptedException)) loopFailure.set(t);
            }
        });
    }

    void stopTicking() throws InterruptedException {
        stopping = true;
        if (loop != null) loop.join(Duration.ofSeconds(30));
        if (loopFailure.get() != null) throw new AssertionError("dispatcher tick failed", loopFailure.get());
    }

    /** Polls {@code condition} every 100 ms; fails after {@code bound}, or at once if a tick failed. */
    void awaitUntil(String what, Duration bound, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + bound.toNanos();
        while (!condition.getAsBoolean()) {
            if (loopFailure.get() != null) throw new AssertionError("dispatcher tick failed", loopFailure.get());
            if (System.nanoTime() > deadline) throw new AssertionError("not within " + bound + ": " + what
                    + "; board: " + store.list(TaskQuery.ALL).stream().map(t -> t.id() + " " + t.status().sql()).toList());
            Thread.sleep(100);
        }
    }

    boolean all(TaskStatus status) {
        return store.list(TaskQuery.ALL).stream().allMatch(t -> t.status() == status);
    }

    /** Worker processes alive and not zombies (see {@link Reaper#alive}). */
    List<Process> alive() {
        synchronized (workers) {
            return workers.stream().map(Worker::process).filter(p -> Reaper.alive(p.toHandle())).toList();
        }
    }

    String log(Task task) throws IOException {
        return Files.readString(root.resolve("boards/default/logs").resolve(task.id() + ".log"));
    }

    /** Kills every worker still running (SIGKILL ends stopped ones too); the caller closes the store. */
    @Override
    public void close() throws InterruptedException {
        stopping = true;
        if (loop != null) loop.join(Duration.ofSeconds(30));
        List<Worker> all;
        synchronized (workers) {
            all = List.copyOf(workers);
        }
        for (Worker w : all) {
            w.process().descendants().forEach(ProcessHandle::destroyForcibly);
            w.process().destroyForcibly();
        }
    }
}

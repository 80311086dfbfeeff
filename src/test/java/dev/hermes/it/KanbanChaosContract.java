package dev.hermes.it;

import dev.hermes.board.BoardStore;
import dev.hermes.board.NewTask;
import dev.hermes.board.Run;
import dev.hermes.board.RunOutcome;
import dev.hermes.board.Task;
import dev.hermes.board.TaskEvent;
import dev.hermes.board.TaskQuery;
import dev.hermes.board.TaskStatus;
import dev.hermes.sim.SimScript;
import dev.hermes.sim.SimServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 5's chaos test: many tasks, several real {@code bin/hermes} workers against the
 * simulator, and a chaos thread that SIGKILLs (and now and then SIGSTOPs, to force lease expiry
 * and the reaper) random live workers at random moments. Afterwards the board must show every
 * task done exactly once: one completed run each, every other run crashed or reclaimed, no
 * late completion, and no moment at which two live workers held one task.
 */
abstract class KanbanChaosContract {

    static final int TASKS = 30;
    static final int HOST_CAP = 4;
    /** Long enough for a worker JVM to start and renew on a loaded 2-core machine. */
    static final Duration LEASE = Duration.ofSeconds(10);
    static final Duration CHAOS = Duration.ofSeconds(25);
    /** Each stop costs a lease before the reaper acts, so only a few. */
    static final int MAX_STOPS = 2;

    @TempDir
    Path root;
    SimServer sim;
    KanbanRig rig;

    /** Opens the board (the test's own connection) at {@link #boardLocation()}. */
    abstract BoardStore open();

    /** What workers get in HERMES_KANBAN_BOARD. */
    abstract String boardLocation();

    /** A worker's three turns: show the task, complete it, say so; each answered after a pause. */
    static SimScript workerScript() {
        String slow = "slow-first-token:delay_ms=300";
        return new SimScript("worker", List.of(
                SimScript.Turn.tools(SimScript.ToolCall.of("kanban_show", Map.of())).withFault(slow),
                SimScript.Turn.tools(SimScript.ToolCall.of("kanban_complete",
                        Map.of("summary", "done by a simulated worker"))).withFault(slow),
                SimScript.Turn.text("Done.").withFault(slow)));
    }

    @BeforeEach
    void start() throws Exception {
        sim = SimServer.start();
        sim.registerScript(workerScript());
        java.nio.file.Files.createDirectories(root.resolve("boards"));
        rig = new KanbanRig(root, open(), boardLocation(), HOST_CAP, LEASE, Duration.ofSeconds(1));
        String model = "scripted:worker,chunk_delay_ms=20";
        // two profiles on the two wires: "default" (the root) and "alice"
        rig.profile("default", "model: {provider: custom, default: '" + model + "', base_url: '"
                + sim.chatCompletionsBaseUrl() + "', api_mode: chat_completions}\n", null);
        rig.profile("alice", "model: {provider: custom, default: '" + model + "', base_url: '"
                + sim.anthropicBaseUrl() + "', api_mode: anthropic_messages}\n", null);
    }

    @AfterEach
    void stop() throws Exception {
        if (rig != null) {
            rig.close();
            rig.store.close();
        }
        if (sim != null) sim.close();
    }

    /** A SIGKILL or SIGSTOP the chaos thread sent. */
    record Blow(long pid, boolean stop, Instant at) {
    }

    @Test
    void everyTaskEndsDoneExactlyOnceWhileWorkersAreKilledAtRandom() throws Exception {
        try {
            chaos();
        } catch (AssertionError | RuntimeException e) {
            dumpBoard();
            throw e;
        }
    }

    /** On failure, the whole story per task into the test's output file. */
    private void dumpBoard() {
        for (Task t : rig.store.list(TaskQuery.ALL)) {
            System.out.println("== " + t.id() + " " + t.status().sql() + " attempt " + t.attempt());
            rig.store.runs(t.id()).forEach(r -> System.out.println("  run " + r.attempt() + " pid " + r.workerPid()
                    + " " + r.startedAt() + " .. " + r.endedAt() + " " + r.outcome() + " " + r.error()));
            rig.store.events(t.id()).stream().filter(e -> !e.kind().equals("heartbeat"))
                    .forEach(e -> System.out.println("  " + e.createdAt() + " " + e.kind() + " " + e.payload()));
            try {
                System.out.println(rig.log(t).lines().filter(l -> !l.startsWith("WARNING"))
                        .map(l -> "  | " + l).collect(java.util.stream.Collectors.joining("\n")));
            } catch (java.io.IOException e) {
                System.out.println("  (no log)");
            }
        }
        rig.overlaps.forEach(o -> System.out.println("OVERLAP " + o));
    }

    private void chaos() throws Exception {
        BoardStore store = rig.store;
        for (int i = 0; i < TASKS; i++) {
            // a high failure limit: a task may be killed many times and must still end done, not blocked
            store.create(NewTask.builder("chaos task " + i).status(TaskStatus.READY)
                    .assignee(i % 2 == 0 ? null : "alice").maxRetries(1_000).build());
        }
        long seed = System.nanoTime();
        Random random = new Random(seed);
        List<Blow> blows = Collections.synchronizedList(new ArrayList<>());
        List<String> overlapsSeen = Collections.synchronizedList(new ArrayList<>());

        rig.startTicking();
        Thread sampler = Thread.ofPlatform().daemon().start(() -> sampleLiveWorkersPerTask(overlapsSeen));
        long chaosEnd = System.nanoTime() + CHAOS.toNanos();
        int stops = 0;
        while (System.nanoTime() < chaosEnd && !rig.all(TaskStatus.DONE)) {
            Thread.sleep(400 + random.nextInt(1_200));
            List<Process> alive = rig.alive().stream()
                    .filter(p -> blows.stream().noneMatch(b -> b.pid() == p.pid())).toList();
            if (alive.isEmpty()) continue;
            Process victim = alive.get(random.nextInt(alive.size()));
            boolean stop = stops < MAX_STOPS && random.nextInt(6) == 0;
            Instant at = Instant.now();
            if (stop) {
                stops++;
                new ProcessBuilder("kill", "-STOP", Long.toString(victim.pid())).start().waitFor(5, TimeUnit.SECONDS);
            } else {
                victim.destroyForcibly(); // SIGKILL
            }
            blows.add(new Blow(victim.pid(), stop, at));
            System.out.println(at + (stop ? " SIGSTOP " : " SIGKILL ") + victim.pid());
        }
        rig.awaitUntil("every task done (seed " + seed + ")", Duration.ofSeconds(120), () -> rig.all(TaskStatus.DONE));
        rig.stopTicking();
        sampler.interrupt();
        sampler.join();

        assertThat(rig.overlaps).as("launched while another worker of the task lived").isEmpty();
        assertThat(overlapsSeen).as("two live workers on one task (sampled)").isEmpty();
        List<Task> tasks = store.list(TaskQuery.ALL);
        assertThat(tasks).hasSize(TASKS).allMatch(t -> t.status() == TaskStatus.DONE && t.claimant() == null);
        List<Run> allRuns = new ArrayList<>();
        java.util.concurrent.atomic.AtomicInteger lateCompletions = new java.util.concurrent.atomic.AtomicInteger();
        for (Task t : tasks) {
            List<Run> runs = store.runs(t.id());
            allRuns.addAll(runs);
            assertThat(runs).as("runs of " + t.id()).filteredOn(r -> r.outcome() == RunOutcome.COMPLETED).hasSize(1);
            Run last = runs.get(runs.size() - 1);
            assertThat(last.outcome()).as("the last attempt of " + t.id() + " completed").isEqualTo(RunOutcome.COMPLETED);
            assertThat(last.attempt()).isEqualTo(t.attempt());
            assertThat(last.summary()).isEqualTo("done by a simulated worker");
            assertThat(runs.subList(0, runs.size() - 1)).as("earlier runs of " + t.id())
                    .allMatch(r -> r.outcome() == RunOutcome.CRASHED || r.outcome() == RunOutcome.RECLAIMED);
            List<TaskEvent> events = store.events(t.id());
            assertThat(events).filteredOn(e -> e.kind().equals("completed")).hasSize(1);
            // a worker whose lease lapsed while it worked may still try to complete: it must have been fenced
            // out, and only an attempt that was reclaimed can be the one that tried
            events.stream().filter(e -> e.kind().equals("fenced_write_rejected")
                    && e.payload().path("op").asText().equals("complete")).forEach(e -> {
                        lateCompletions.incrementAndGet();
                        assertThat(runs).filteredOn(r -> r.attempt() == e.payload().path("attempt").asLong())
                                .singleElement().extracting(Run::outcome).isEqualTo(RunOutcome.RECLAIMED);
                    });
        }

        List<Run> landed = new ArrayList<>();
        for (Blow b : blows) {
            Run r = allRuns.stream().filter(x -> x.workerPid() != null && x.workerPid() == b.pid()).findFirst()
                    .orElseThrow(() -> new AssertionError("no run for killed pid " + b.pid()));
            // a blow after the run had ended (completed, or reclaimed and being killed) did not land mid-task
            if (!r.endedAt().isAfter(b.at())) continue;
            landed.add(r);
            if (b.stop()) {
                assertThat(r.outcome()).as("the run of stopped pid " + b.pid()).isEqualTo(RunOutcome.RECLAIMED);
            } else {
                assertThat(r.outcome()).as("the run of killed pid " + b.pid()).isEqualTo(RunOutcome.CRASHED);
                assertThat(r.error()).contains("signal 9");
            }
        }
        // every crash is a SIGKILL of ours; every other unfinished run is a reclaim (stopped, or a lease that
        // lapsed on this loaded machine): nothing else went wrong
        assertThat(allRuns).filteredOn(r -> r.outcome() == RunOutcome.CRASHED).allMatch(landed::contains);
        assertThat(allRuns).allMatch(r -> r.outcome() == RunOutcome.COMPLETED || r.outcome() == RunOutcome.CRASHED
                || r.outcome() == RunOutcome.RECLAIMED);
        long reclaimed = allRuns.stream().filter(r -> r.outcome() == RunOutcome.RECLAIMED).count();
        System.out.printf("chaos seed %d: %d tasks, %d runs, %d blows (%d landed mid-task), %d reclaimed, "
                        + "%d late completions fenced out, %d workers%n", seed, TASKS, allRuns.size(), blows.size(),
                landed.size(), reclaimed, lateCompletions.get(), rig.workers.size());
        assertThat(landed).as("blows that hit a worker mid-task (seed " + seed + ")").hasSizeGreaterThanOrEqualTo(5);
    }

    /**
     * Every 20 ms: no task may have two live worker processes. Newest first: a newer worker seen
     * alive, then an older one seen alive after it, were both alive at the first look (a process
     * does not come back), so a reported overlap is real, not an artefact of the sampling order.
     */
    private void sampleLiveWorkersPerTask(List<String> overlapsSeen) {
        try {
            while (!Thread.currentThread().isInterrupted()) {
                List<KanbanRig.Worker> snapshot;
                synchronized (rig.workers) {
                    snapshot = new ArrayList<>(rig.workers);
                }
                Collections.reverse(snapshot);
                snapshot.stream().filter(w -> dev.hermes.board.dispatch.Reaper.alive(w.process().toHandle()))
                        .collect(java.util.stream.Collectors.groupingBy(KanbanRig.Worker::task,
                                java.util.stream.Collectors.counting()))
                        .forEach((task, n) -> {
                            if (n > 1) overlapsSeen.add(task + ": " + n + " live workers");
                        });
                Thread.sleep(20);
            }
        } catch (InterruptedException done) {
            Thread.currentThread().interrupt();
        }
    }
}

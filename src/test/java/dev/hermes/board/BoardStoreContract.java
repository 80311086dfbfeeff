package dev.hermes.board;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The {@link BoardStore} contract, run against every backend on a real database. Leases are
 * short real durations in the database's clock; waits are bounded polling loops, not sleeps.
 */
abstract class BoardStoreContract {

    static final Duration LONG = Duration.ofMinutes(10);
    static final Duration SHORT = Duration.ofMillis(40);
    static final Duration COOLDOWN = Duration.ofMillis(150);
    static final BoardOptions OPTIONS = BoardOptions.DEFAULTS.withRateLimitCooldown(COOLDOWN);

    BoardStore store;
    final Claimant alice = new Claimant("w_alice", "host-a", 101);
    final Claimant bob = new Claimant("w_bob", "host-b", 202);

    /** Opens a store on this test's board (the same board on every call within a test). */
    abstract BoardStore open(BoardOptions options);

    @BeforeEach
    void openStore() {
        store = open(OPTIONS);
    }

    @AfterEach
    void closeStore() {
        store.close();
    }

    Task ready(String title) {
        return store.create(NewTask.builder(title).status(TaskStatus.READY).build());
    }

    /** Polls until {@code attempt} yields a value; fails after 5 s. */
    static <T> T eventually(Supplier<Optional<T>> attempt) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (System.nanoTime() < deadline) {
            Optional<T> value = attempt.get();
            if (value.isPresent()) {
                return value.get();
            }
            Thread.sleep(5);
        }
        throw new AssertionError("condition not met within 5 s");
    }

    List<String> eventKinds(TaskId id) {
        return store.events(id).stream().map(TaskEvent::kind).toList();
    }

    @Test
    void eightConcurrentClaimersTakeEveryTaskExactlyOnce() throws Exception {
        int tasks = 300;
        for (int i = 0; i < tasks; i++) {
            store.create(NewTask.builder("task " + i).status(TaskStatus.READY).priority(i % 5).build());
        }
        Map<TaskId, Claim> claims = new ConcurrentHashMap<>();
        List<Claim> duplicates = java.util.Collections.synchronizedList(new ArrayList<>());
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<Integer>> workers = new ArrayList<>();
        for (int w = 0; w < 8; w++) {
            Claimant me = new Claimant("w_thread" + w, "host", 1000 + w);
            workers.add(pool.submit(() -> {
                start.await();
                int mine = 0;
                while (true) {
                    Optional<Claim> claim = store.claim(me, LONG, ClaimFilter.ANY);
                    if (claim.isEmpty()) {
                        if (store.list(TaskQuery.status(TaskStatus.READY)).isEmpty()) {
                            return mine;
                        }
                        continue; // PostgreSQL: candidates locked by others at that instant
                    }
                    if (claims.putIfAbsent(claim.get().taskId(), claim.get()) != null) {
                        duplicates.add(claim.get());
                    }
                    mine++;
                }
            }));
        }
        start.countDown();
        int total = 0;
        for (Future<Integer> f : workers) {
            total += f.get();
        }
        pool.shutdown();

        assertThat(duplicates).isEmpty();
        assertThat(total).isEqualTo(tasks);
        assertThat(claims).hasSize(tasks);
        assertThat(store.list(TaskQuery.status(TaskStatus.RUNNING))).hasSize(tasks);
        for (Claim claim : claims.values()) {
            List<Run> runs = store.runs(claim.taskId());
            assertThat(runs).singleElement().satisfies(run -> {
                assertThat(run.attempt()).isEqualTo(1);
                assertThat(run.claimant()).isEqualTo(claim.claimant().id());
                assertThat(run.id()).isEqualTo(claim.runId());
                assertThat(run.open()).isTrue();
            });
        }
    }

    @Test
    void claimTakesHighestPriorityThenOldestAndHonoursFilters() {
        Task low = ready("low");
        Task high = store.create(NewTask.builder("high").status(TaskStatus.READY).priority(5).build());
        Task forBob = store.create(NewTask.builder("bob's").status(TaskStatus.READY).assignee("bob").build());

        assertThat(store.claim(bob, LONG, ClaimFilter.assignee("bob")).orElseThrow().taskId()).isEqualTo(forBob.id());
        assertThat(store.claim(alice, LONG, ClaimFilter.assignee("bob"))).isEmpty();
        assertThat(store.claim(alice, LONG, ClaimFilter.ANY).orElseThrow().taskId()).isEqualTo(high.id());
        Claim last = store.claim(alice, LONG, ClaimFilter.task(low.id())).orElseThrow();
        assertThat(last.attempt()).isEqualTo(1);
        assertThat(store.get(low.id()).claimant()).isEqualTo("w_alice");
        assertThat(store.claim(alice, LONG, ClaimFilter.ANY)).isEmpty();
    }

    @Test
    void lateWritesFromATakenOverClaimAreRejectedAndRecorded() throws Exception {
        Task task = ready("contended");
        Claim a = store.claim(alice, SHORT, ClaimFilter.ANY).orElseThrow();
        Claim b = eventually(() -> store.claim(bob, LONG, ClaimFilter.ANY));

        assertThat(b.taskId()).isEqualTo(task.id());
        assertThat(b.attempt()).isEqualTo(a.attempt() + 1);
        assertThat(store.events(task.id())).filteredOn(e -> e.kind().equals("reclaimed")).singleElement()
                .satisfies(e -> {
                    assertThat(e.payload().get("by").asText()).isEqualTo("claim");
                    assertThat(e.payload().get("claimant").asText()).isEqualTo("w_alice");
                    assertThat(e.payload().get("attempt").asLong()).isEqualTo(a.attempt());
                    assertThat(e.payload().get("pid").asLong()).isEqualTo(101);
                });
        assertThat(store.heartbeat(a, LONG)).isInstanceOf(WriteResult.Rejected.class);
        assertThat(store.comment(a, "still here")).isInstanceOf(WriteResult.Rejected.class);
        WriteResult late = store.complete(a, "done by A", Map.of());
        assertThat(late).isInstanceOfSatisfying(WriteResult.Rejected.class, r -> assertThat(r.reason())
                .contains("attempt 1", "superseded", "attempt 2", "w_bob"));

        assertThat(store.heartbeat(b, LONG).applied()).isTrue();
        assertThat(store.comment(b, "B working").applied()).isTrue();
        assertThat(store.complete(b, "done by B", Map.of("files", 3)).applied()).isTrue();

        Task after = store.get(task.id());
        assertThat(after.status()).isEqualTo(TaskStatus.DONE);
        assertThat(store.comments(task.id())).extracting(Comment::body).containsExactly("B working");
        List<Run> runs = store.runs(task.id());
        assertThat(runs).extracting(Run::outcome).containsExactly(RunOutcome.RECLAIMED, RunOutcome.COMPLETED);
        assertThat(runs.get(1).summary()).isEqualTo("done by B");
        assertThat(runs.get(1).metadata().get("files").asInt()).isEqualTo(3);
        List<TaskEvent> rejected = store.events(task.id()).stream()
                .filter(e -> e.kind().equals("fenced_write_rejected")).toList();
        assertThat(rejected).extracting(e -> e.payload().get("op").asText())
                .containsExactly("heartbeat", "comment", "complete");
        assertThat(rejected).allSatisfy(e -> assertThat(e.payload().get("claimant").asText()).isEqualTo("w_alice"));
    }

    @Test
    void writesAfterTheClaimEndedAreRejectedToo() {
        ready("one");
        Claim a = store.claim(alice, LONG, ClaimFilter.ANY).orElseThrow();
        assertThat(store.complete(a, "ok", null).applied()).isTrue();
        assertThat(store.complete(a, "again", null)).isInstanceOfSatisfying(WriteResult.Rejected.class,
                r -> assertThat(r.reason()).contains("has ended", "done"));
        assertThat(store.block(a, "late")).isInstanceOf(WriteResult.Rejected.class);
        assertThat(store.runs(a.taskId())).singleElement().extracting(Run::outcome).isEqualTo(RunOutcome.COMPLETED);
    }

    @Test
    void heartbeatExtendsTheLeaseInTheDatabaseClock() throws Exception {
        ready("long work");
        Claim a = store.claim(alice, SHORT, ClaimFilter.ANY).orElseThrow();
        assertThat(store.heartbeat(a, LONG).applied()).isTrue();
        Task t = store.get(a.taskId());
        assertThat(t.leaseUntil()).isAfter(a.leaseUntil().plus(Duration.ofMinutes(9)));
        Thread.sleep(SHORT.toMillis() * 2);
        assertThat(store.reclaimExpired()).isEmpty();
        assertThat(store.claim(bob, LONG, ClaimFilter.ANY)).isEmpty();
        assertThat(store.runs(a.taskId()).get(0).heartbeatAt()).isNotNull();
    }

    /** Whichever way a backend runs them (PostgreSQL: one statement each), claim and complete write the same rows. */
    @Test
    void claimAndCompleteRecordTheirRunAndEventsAndCompletingTheLastParentPromotesItsChild() {
        Task a = ready("a");
        Task b = ready("b");
        Task child = store.create(NewTask.builder("child").parent(a.id()).parent(b.id()).build());
        Claim first = store.claim(alice, LONG, ClaimFilter.task(a.id())).orElseThrow();
        assertThat(store.complete(first, "a done", Map.of("files", 2)).applied()).isTrue();
        assertThat(store.get(child.id()).status()).isEqualTo(TaskStatus.TODO);

        Claim last = store.claim(bob, LONG, ClaimFilter.task(b.id())).orElseThrow();
        assertThat(store.complete(last, "b done", null).applied()).isTrue();
        assertThat(store.get(child.id()).status()).isEqualTo(TaskStatus.READY);
        assertThat(store.events(child.id())).extracting(TaskEvent::kind).endsWith("promoted");
        assertThat(store.get(b.id())).satisfies(t -> {
            assertThat(t.status()).isEqualTo(TaskStatus.DONE);
            assertThat(t.claimant()).isNull();
            assertThat(t.leaseUntil()).isNull();
        });
        assertThat(store.runs(a.id())).singleElement().satisfies(r -> {
            assertThat(r.id()).isEqualTo(first.runId());
            assertThat(r.outcome()).isEqualTo(RunOutcome.COMPLETED);
            assertThat(r.metadata().get("files").asInt()).isEqualTo(2);
        });
        assertThat(store.runs(b.id())).singleElement().satisfies(r -> {
            assertThat(r.id()).isEqualTo(last.runId());
            assertThat(List.of(r.claimant(), r.host(), r.workerPid())).containsExactly("w_bob", "host-b", 202L);
            assertThat(r.outcome()).isEqualTo(RunOutcome.COMPLETED);
            assertThat(r.summary()).isEqualTo("b done");
            assertThat(r.metadata()).isNull();
            assertThat(r.endedAt()).isNotNull();
        });
        List<TaskEvent> events = store.events(b.id());
        assertThat(events).extracting(TaskEvent::kind).endsWith("claimed", "completed");
        var claimed = events.get(events.size() - 2).payload();
        assertThat(claimed.get("attempt").asLong()).isEqualTo(1);
        assertThat(claimed.get("claimant").asText()).isEqualTo("w_bob");
        assertThat(claimed.get("host").asText()).isEqualTo("host-b");
        assertThat(claimed.get("pid").asLong()).isEqualTo(202);
        assertThat(claimed.get("run").asLong()).isEqualTo(last.runId());
        assertThat(Instant.parse(claimed.get("lease_until").asText())).isEqualTo(last.leaseUntil());
        assertThat(events.get(events.size() - 1).payload().get("summary").asText()).isEqualTo("b done");
    }
}

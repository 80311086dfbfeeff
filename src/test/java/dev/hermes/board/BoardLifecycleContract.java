package dev.hermes.board;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The rest of the contract: reclaim, failure accounting, cooldowns, the DAG, forced completion,
 * migrations and errors. Concrete backend tests extend this class.
 */
abstract class BoardLifecycleContract extends BoardStoreContract {

    @Test
    void reclaimEndsExpiredLeasesAndReportsTheHolder() throws Exception {
        Task task = ready("slow");
        // The hold after a reclaim lasts one more lease: long enough here to outlast the checks
        // below on a loaded machine, short enough to wait out.
        Claim a = store.claim(alice, Duration.ofMillis(500), ClaimFilter.ANY).orElseThrow();
        assertThat(store.attachWorker(a, 4242).applied()).isTrue();

        // the read the dispatcher kills by, before it reclaims, names the same claim and ends nothing
        List<Claim> expired = eventually(() -> Optional.of(store.expiredClaims()).filter(l -> !l.isEmpty()));
        assertThat(store.get(task.id()).status()).isEqualTo(TaskStatus.RUNNING);
        List<Claim> reclaimed = store.reclaimExpired();
        assertThat(reclaimed).isEqualTo(expired);

        assertThat(reclaimed).singleElement().satisfies(c -> {
            assertThat(c.taskId()).isEqualTo(task.id());
            assertThat(c.attempt()).isEqualTo(a.attempt());
            assertThat(c.claimant()).isEqualTo(new Claimant("w_alice", "host-a", 4242));
            assertThat(c.runId()).isEqualTo(a.runId());
        });
        Task after = store.get(task.id());
        assertThat(after.status()).isEqualTo(TaskStatus.READY);
        assertThat(after.claimant()).isNull();
        assertThat(after.consecutiveFailures()).isEqualTo(1);
        assertThat(store.runs(task.id())).singleElement().extracting(Run::outcome).isEqualTo(RunOutcome.RECLAIMED);
        assertThat(eventKinds(task.id())).containsSubsequence("claimed", "reclaimed", "requeued");
        assertThat(store.heartbeat(a, LONG)).isInstanceOf(WriteResult.Rejected.class);
        assertThat(store.reclaimExpired()).isEmpty();
        assertThat(store.expiredClaims()).isEmpty();
        // the displaced worker may still be alive: the task is held until the reaper saw it dead
        assertThat(store.claim(bob, LONG, ClaimFilter.ANY)).isEmpty();
        assertThatThrownBy(() -> store.claim(bob, LONG, ClaimFilter.task(task.id())))
                .hasMessageContaining("may still be alive (worker hold)");
        assertThat(store.releaseWorker(task.id(), a.attempt(), "reaper")).isTrue();
        assertThat(store.releaseWorker(task.id(), a.attempt(), "reaper")).isFalse();
        assertThat(store.claim(bob, LONG, ClaimFilter.ANY).orElseThrow().attempt()).isEqualTo(2);
        assertThat(eventKinds(task.id())).containsSubsequence("reclaimed", "requeued", "worker_released", "claimed");
    }

    @Test
    void aReclaimedTaskIsHeldForOneMoreLeaseWhenNobodyReleasesIt() throws Exception {
        Task task = ready("abandoned");
        // the hold lasts one lease from the reclaim: long enough that a loaded machine reaches the next claim in it
        Claim a = store.claim(alice, Duration.ofMillis(400), ClaimFilter.ANY).orElseThrow();
        eventually(() -> Optional.of(store.reclaimExpired()).filter(l -> !l.isEmpty()));
        assertThat(store.claim(bob, LONG, ClaimFilter.ANY)).isEmpty();
        // a worker that could not be killed: the reaper extends the hold
        assertThat(store.holdWorker(task.id(), a.attempt(), LONG, "survived SIGKILL")).isTrue();
        Thread.sleep(SHORT.toMillis() * 2);
        assertThat(store.claim(bob, LONG, ClaimFilter.ANY)).isEmpty();
        assertThat(store.holdWorker(task.id(), a.attempt(), SHORT, "still alive")).isTrue();
        Claim b = eventually(() -> store.claim(bob, LONG, ClaimFilter.ANY));
        assertThat(b.attempt()).isEqualTo(2);
        assertThat(store.holdWorker(task.id(), a.attempt(), LONG, "too late")).isFalse();
        assertThat(eventKinds(task.id())).containsSubsequence("reclaimed", "worker_held", "worker_held", "claimed");
    }

    @Test
    void consecutiveFailuresAtTheLimitBlockTheTaskWithAReason() {
        Task task = ready("flaky");
        Claim first = store.claim(alice, LONG, ClaimFilter.ANY).orElseThrow();
        assertThat(store.fail(first, RunOutcome.CRASHED, "exit 137").applied()).isTrue();
        assertThat(store.get(task.id()).status()).isEqualTo(TaskStatus.READY);
        assertThat(store.get(task.id()).consecutiveFailures()).isEqualTo(1);

        Claim second = store.claim(alice, LONG, ClaimFilter.ANY).orElseThrow();
        assertThat(store.fail(second, RunOutcome.TIMED_OUT, "max runtime 60s").applied()).isTrue();

        Task after = store.get(task.id());
        assertThat(after.status()).isEqualTo(TaskStatus.BLOCKED);
        TaskEvent gaveUp = store.events(task.id()).stream().filter(e -> e.kind().equals("gave_up")).findFirst()
                .orElseThrow();
        assertThat(gaveUp.payload().get("reason").asText())
                .contains("2 consecutive failures", "limit 2", "timed_out", "max runtime 60s");
        assertThat(store.claim(alice, LONG, ClaimFilter.ANY)).isEmpty();
        assertThat(store.runs(task.id())).extracting(Run::outcome)
                .containsExactly(RunOutcome.CRASHED, RunOutcome.TIMED_OUT);

        Task unblocked = store.transition(task.id(), TaskStatus.READY, "carol", "fixed the key");
        assertThat(unblocked.consecutiveFailures()).isZero();
    }

    @Test
    void expiredLeaseAtTheLimitIsBlockedByReclaimNotTakenOver() throws Exception {
        Task task = store.create(NewTask.builder("fragile").status(TaskStatus.READY).maxRetries(1).build());
        store.claim(alice, SHORT, ClaimFilter.ANY).orElseThrow();
        eventually(() -> Optional.of(store.reclaimExpired()).filter(l -> !l.isEmpty()));
        assertThat(store.claim(bob, LONG, ClaimFilter.ANY)).isEmpty();
        assertThat(store.get(task.id()).status()).isEqualTo(TaskStatus.BLOCKED);
        assertThat(eventKinds(task.id())).contains("gave_up");
    }

    @Test
    void successResetsTheFailureCount() {
        Task task = store.create(NewTask.builder("eventually fine").status(TaskStatus.READY).maxRetries(3).build());
        store.fail(store.claim(alice, LONG, ClaimFilter.ANY).orElseThrow(), RunOutcome.SPAWN_FAILED, "no binary");
        store.fail(store.claim(alice, LONG, ClaimFilter.ANY).orElseThrow(), RunOutcome.CRASHED, "exit 1");
        store.fail(store.claim(alice, LONG, ClaimFilter.ANY).orElseThrow(), RunOutcome.PROTOCOL_VIOLATION, "exit 0");
        assertThat(store.get(task.id()).consecutiveFailures()).isEqualTo(2);
        assertThat(store.get(task.id()).protocolViolations()).isEqualTo(1);
        store.complete(store.claim(alice, LONG, ClaimFilter.ANY).orElseThrow(), "ok", null);
        assertThat(store.get(task.id()).consecutiveFailures()).isZero();
        assertThat(store.get(task.id()).protocolViolations()).isZero();
    }

    @Test
    void rateLimitedRequeuesAfterACooldownWithoutCounting() throws Exception {
        Task task = ready("busy provider");
        Claim first = store.claim(alice, LONG, ClaimFilter.ANY).orElseThrow();
        assertThat(store.fail(first, RunOutcome.RATE_LIMITED, "429").applied()).isTrue();

        Task cooling = store.get(task.id());
        assertThat(cooling.status()).isEqualTo(TaskStatus.READY);
        assertThat(cooling.consecutiveFailures()).isZero();
        assertThat(cooling.cooldownUntil()).isNotNull();
        assertThat(store.claim(alice, LONG, ClaimFilter.ANY)).isEmpty();
        assertThatThrownBy(() -> store.claim(alice, LONG, ClaimFilter.task(task.id())))
                .isInstanceOf(BoardException.IllegalTransition.class).hasMessageContaining("cooldown");

        Claim second = eventually(() -> store.claim(bob, LONG, ClaimFilter.ANY));
        Run run = store.runs(task.id()).get(1);
        assertThat(run.attempt()).isEqualTo(second.attempt());
        assertThat(run.startedAt()).isAfterOrEqualTo(cooling.cooldownUntil());
        assertThat(store.runs(task.id()).get(0).outcome()).isEqualTo(RunOutcome.RATE_LIMITED);
    }

    @Test
    void todoTasksBecomeReadyWhenAllParentsAreDone() {
        Task a = ready("a");
        Task b = ready("b");
        Task c = store.create(NewTask.builder("c").parent(a.id()).parent(b.id()).build());
        assertThat(store.parents(c.id())).containsExactlyInAnyOrder(a.id(), b.id());
        assertThat(store.promote()).isEmpty();

        store.complete(store.claim(alice, LONG, ClaimFilter.task(a.id())).orElseThrow(), "a done", null);
        assertThat(store.get(c.id()).status()).isEqualTo(TaskStatus.TODO);
        store.forceComplete(b.id(), "carol", "b done by hand");
        assertThat(store.get(c.id()).status()).isEqualTo(TaskStatus.READY);
        assertThat(eventKinds(c.id())).contains("promoted");

        Task loose = store.create(NewTask.builder("no parents").build());
        assertThat(store.promote()).containsExactly(loose.id());
    }

    @Test
    void linkingANotDoneParentSendsAReadyChildBackToTodo() {
        Task parent = ready("parent");
        Task child = ready("child");
        store.link(parent.id(), child.id());
        assertThat(store.get(child.id()).status()).isEqualTo(TaskStatus.TODO);
        assertThat(store.unlink(parent.id(), child.id())).isTrue();
        assertThat(store.unlink(parent.id(), child.id())).isFalse();
        assertThat(store.promote()).containsExactly(child.id());
    }

    @Test
    void cyclesAreRefusedNamingTheCycle() {
        Task a = ready("a");
        Task b = ready("b");
        Task c = ready("c");
        store.link(a.id(), b.id());
        assertThatThrownBy(() -> store.link(b.id(), a.id())).isInstanceOf(BoardException.Cycle.class)
                .hasMessageContaining(b.id() + " -> " + a.id() + " -> " + b.id());
        store.link(b.id(), c.id());
        assertThatThrownBy(() -> store.link(c.id(), a.id())).isInstanceOf(BoardException.Cycle.class)
                .hasMessageContaining(c.id() + " -> " + a.id() + " -> " + b.id() + " -> " + c.id());
        assertThatThrownBy(() -> store.link(a.id(), a.id())).isInstanceOf(BoardException.Cycle.class);
        assertThat(store.parents(a.id())).isEmpty();
        assertThat(store.children(c.id())).isEmpty();
    }

    @Test
    void forceCompleteEndsTheLiveClaimAndFencesOutItsWorker() {
        Task task = ready("stuck on a stalled provider");
        Claim a = store.claim(alice, LONG, ClaimFilter.ANY).orElseThrow();

        Task done = store.forceComplete(task.id(), "carol", "finished by hand");

        assertThat(done.status()).isEqualTo(TaskStatus.DONE);
        assertThat(store.heartbeat(a, LONG)).isInstanceOf(WriteResult.Rejected.class);
        assertThat(store.complete(a, "late", null)).isInstanceOf(WriteResult.Rejected.class);
        Run run = store.runs(task.id()).get(0);
        assertThat(run.outcome()).isEqualTo(RunOutcome.RECLAIMED);
        assertThat(run.error()).contains("carol");
        TaskEvent forced = store.events(task.id()).stream().filter(e -> e.kind().equals("force_completed"))
                .findFirst().orElseThrow();
        assertThat(forced.payload().get("by").asText()).isEqualTo("carol");
        assertThat(forced.payload().get("ended_claimant").asText()).isEqualTo("w_alice");
        assertThatThrownBy(() -> store.forceComplete(task.id(), "carol", "again"))
                .isInstanceOf(BoardException.IllegalTransition.class)
                .hasMessageContaining(task.id().value()).hasMessageContaining("is done");
    }

    @Test
    void reopeningAMigratedBoardKeepsItsData() {
        Task task = ready("survives");
        try (BoardStore again = open(OPTIONS); BoardStore third = open(OPTIONS)) {
            assertThat(again.get(task.id()).title()).isEqualTo("survives");
            assertThat(third.list(TaskQuery.ALL)).extracting(Task::id).contains(task.id());
        }
    }

    @Test
    void unknownTasksAndIllegalTransitionsAreClearErrors() {
        TaskId ghost = TaskId.of("t_00000000");
        assertThatThrownBy(() -> store.get(ghost)).isInstanceOf(BoardException.UnknownTask.class)
                .hasMessage("unknown task t_00000000");
        assertThatThrownBy(() -> store.link(ghost, ready("x").id())).isInstanceOf(BoardException.UnknownTask.class);
        assertThatThrownBy(() -> store.claim(alice, LONG, ClaimFilter.task(ghost)))
                .isInstanceOf(BoardException.UnknownTask.class);

        Task archived = store.transition(ready("old").id(), TaskStatus.ARCHIVED, "carol", "obsolete");
        assertThatThrownBy(() -> store.claim(alice, LONG, ClaimFilter.task(archived.id())))
                .isInstanceOf(BoardException.IllegalTransition.class)
                .hasMessageContaining("task " + archived.id() + " is archived: cannot claim");
        assertThatThrownBy(() -> store.transition(archived.id(), TaskStatus.READY, "carol", null))
                .hasMessageContaining("is archived: cannot move to ready");

        Task running = ready("busy");
        store.claim(alice, LONG, ClaimFilter.task(running.id())).orElseThrow();
        assertThatThrownBy(() -> store.transition(running.id(), TaskStatus.DONE, "carol", null))
                .isInstanceOf(BoardException.IllegalTransition.class).hasMessageContaining("is running");
        assertThatThrownBy(() -> store.claim(bob, LONG, ClaimFilter.task(running.id())))
                .hasMessageContaining("held by w_alice");
        assertThatThrownBy(() -> store.fail(new Claim(running.id(), 1, alice, running.createdAt(), 0),
                RunOutcome.COMPLETED, "x")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not completed");
    }

    @Test
    void updatesAndCommentsAreRecorded() {
        Task task = ready("draft");
        Task updated = store.update(task.id(), TaskPatch.NONE.withTitle("final").withPriority(7)
                .withSkills(List.of("java")), "carol");
        assertThat(updated.title()).isEqualTo("final");
        assertThat(updated.priority()).isEqualTo(7);
        assertThat(updated.skills()).containsExactly("java");
        store.comment(task.id(), "carol", "please add tests");
        assertThat(store.comments(task.id())).extracting(Comment::author, Comment::body)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("carol", "please add tests"));
        assertThat(eventKinds(task.id())).containsExactly("created", "updated", "commented");
        assertThat(store.events(task.id()).get(1).payload().get("fields").toString()).contains("title", "priority");
    }
}

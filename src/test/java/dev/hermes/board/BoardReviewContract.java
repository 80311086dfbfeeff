package dev.hermes.board;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The original's worker protocol on the board: the review flow, the protocol-violation budget,
 * and the operations people use to manage tasks (reclaim, reassign, promote, gc, dispatch notes).
 */
abstract class BoardReviewContract extends BoardLifecycleContract {

    @Test
    void aWorkerAsksForReviewAndAChangeRequestSendsTheTaskBackWithTheReason() {
        Task parent = ready("write the parser");
        Task child = store.create(NewTask.builder("use the parser").parent(parent.id()).build());
        Claim a = store.claim(alice, LONG, ClaimFilter.task(parent.id())).orElseThrow();

        assertThat(store.requestReview(a, "parser written", Map.of("files", 2)).applied()).isTrue();
        Task inReview = store.get(parent.id());
        assertThat(inReview.status()).isEqualTo(TaskStatus.REVIEW);
        assertThat(inReview.claimant()).isNull();
        assertThat(store.runs(parent.id())).singleElement().satisfies(r -> {
            assertThat(r.outcome()).isEqualTo(RunOutcome.REVIEW_REQUESTED);
            assertThat(r.summary()).isEqualTo("parser written");
        });
        assertThat(store.get(child.id()).status()).as("a task in review is not done").isEqualTo(TaskStatus.TODO);
        assertThat(store.complete(a, "again", null)).isInstanceOf(WriteResult.Rejected.class);

        Task back = store.requestChanges(parent.id(), "carol", "handle empty input");
        assertThat(back.status()).isEqualTo(TaskStatus.READY);
        assertThat(back.consecutiveFailures()).isZero();
        assertThat(store.comments(parent.id())).last().satisfies(c -> {
            assertThat(c.author()).isEqualTo("carol");
            assertThat(c.body()).contains("handle empty input");
        });
        assertThat(eventKinds(parent.id())).containsSubsequence("claimed", "review_requested", "changes_requested");

        Claim b = store.claim(bob, LONG, ClaimFilter.task(parent.id())).orElseThrow();
        assertThat(store.requestReview(b, "empty input handled", null).applied()).isTrue();
        Task done = store.approve(parent.id(), "carol", "looks good");
        assertThat(done.status()).isEqualTo(TaskStatus.DONE);
        assertThat(store.get(child.id()).status()).isEqualTo(TaskStatus.READY);
        assertThat(eventKinds(parent.id())).endsWith("approved", "commented");
    }

    @Test
    void reviewIsLeftOnlyByApprovalOrAChangeRequestAndADoneTaskCanBeReopened() {
        Task t = ready("docs");
        assertThatThrownBy(() -> store.approve(t.id(), "carol", null))
                .isInstanceOf(BoardException.IllegalTransition.class).hasMessageContaining("not in review");
        assertThatThrownBy(() -> store.requestChanges(t.id(), "carol", "no"))
                .isInstanceOf(BoardException.IllegalTransition.class);
        store.requestReview(t.id(), "carol", "please check");
        assertThat(store.get(t.id()).status()).isEqualTo(TaskStatus.REVIEW);
        assertThat(store.claim(alice, LONG, ClaimFilter.ANY)).as("a task in review is not claimable").isEmpty();
        store.approve(t.id(), "carol", null);

        Task child = store.create(NewTask.builder("publish").parent(t.id()).build());
        store.promote();
        assertThat(store.get(child.id()).status()).isEqualTo(TaskStatus.READY);
        Task reopened = store.reopenReview(t.id(), "dave", "typo in the title");
        assertThat(reopened.status()).isEqualTo(TaskStatus.REVIEW);
        assertThat(store.get(child.id()).status()).as("the child waits again").isEqualTo(TaskStatus.TODO);
        assertThatThrownBy(() -> store.reopenReview(t.id(), "dave", "again"))
                .isInstanceOf(BoardException.IllegalTransition.class).hasMessageContaining("only a done task");
    }

    @Test
    void protocolViolationsHaveTheirOwnBudgetOfThree() {
        Task t = store.create(NewTask.builder("chatty model").status(TaskStatus.READY).maxRetries(2).build());
        for (int i = 1; i <= 2; i++) {
            store.fail(store.claim(alice, LONG, ClaimFilter.ANY).orElseThrow(), RunOutcome.PROTOCOL_VIOLATION,
                    "answered without kanban_complete");
            Task after = store.get(t.id());
            assertThat(after.status()).as("violation %d of 3", i).isEqualTo(TaskStatus.READY);
            assertThat(after.consecutiveFailures()).isZero();
            assertThat(after.protocolViolations()).isEqualTo(i);
        }
        // one crash does not reach the limit of 2 crashes, and does not reset the violations
        store.fail(store.claim(alice, LONG, ClaimFilter.ANY).orElseThrow(), RunOutcome.CRASHED, "exit 1");
        assertThat(store.get(t.id()).status()).isEqualTo(TaskStatus.READY);
        store.fail(store.claim(alice, LONG, ClaimFilter.ANY).orElseThrow(), RunOutcome.PROTOCOL_VIOLATION, "again");
        Task blocked = store.get(t.id());
        assertThat(blocked.status()).isEqualTo(TaskStatus.BLOCKED);
        assertThat(blocked.protocolViolations()).isEqualTo(3);
        assertThat(store.events(t.id())).last().satisfies(e -> {
            assertThat(e.kind()).isEqualTo("gave_up");
            assertThat(e.payload().path("reason").asText()).contains("3 runs in a row ended without finishing");
        });
        store.transition(t.id(), TaskStatus.READY, "carol", "unblocked");
        assertThat(store.get(t.id()).protocolViolations()).isZero();
    }

    @Test
    void aPersonReclaimsARunningTaskWithoutCountingAFailureAndTheOldWorkerIsFencedOut() {
        Task t = ready("stuck");
        Claim a = store.claim(alice, Duration.ofMillis(800), ClaimFilter.ANY).orElseThrow();
        assertThatThrownBy(() -> store.reclaim(ready("idle").id(), "carol", null))
                .isInstanceOf(BoardException.IllegalTransition.class).hasMessageContaining("only a running task");

        Task after = store.reclaim(t.id(), "carol", "wrong approach");
        assertThat(after.status()).isEqualTo(TaskStatus.READY);
        assertThat(after.consecutiveFailures()).isZero();
        assertThat(store.runs(t.id())).singleElement().satisfies(r -> {
            assertThat(r.outcome()).isEqualTo(RunOutcome.RECLAIMED);
            assertThat(r.error()).contains("reclaimed by carol: wrong approach");
        });
        assertThat(store.heartbeat(a, LONG)).isInstanceOf(WriteResult.Rejected.class);
        // held until the old lease ends: the displaced worker stops at its next renewal
        assertThatThrownBy(() -> store.claim(bob, LONG, ClaimFilter.task(t.id())))
                .hasMessageContaining("worker hold");
    }

    @Test
    void reassignRefusesARunningTaskUnlessItIsReclaimedToo() {
        Task t = store.create(NewTask.builder("port").status(TaskStatus.READY).assignee("alice").build());
        store.noteDispatch(t.id(), "profile alice: no key");
        store.claim(alice, LONG, ClaimFilter.ANY).orElseThrow();
        assertThatThrownBy(() -> store.reassign(t.id(), "bob", "carol", false))
                .isInstanceOf(BoardException.IllegalTransition.class).hasMessageContaining("--reclaim");
        Task moved = store.reassign(t.id(), "bob", "carol", true);
        assertThat(moved.assignee()).isEqualTo("bob");
        assertThat(moved.status()).isEqualTo(TaskStatus.READY);
        assertThat(moved.dispatchNote()).isNull();
        assertThat(eventKinds(t.id())).containsSubsequence("claimed", "reclaimed", "reassigned");
    }

    @Test
    void promoteMovesOneTaskOnAndNamesTheParentsItWaitsFor() {
        Task parent = ready("first");
        Task child = store.create(NewTask.builder("second").parent(parent.id()).build());
        Task triaged = store.create(NewTask.builder("idea").status(TaskStatus.TRIAGE).build());
        assertThatThrownBy(() -> store.promote(child.id(), "carol"))
                .isInstanceOf(BoardException.IllegalTransition.class).hasMessageContaining(parent.id() + " (ready)");
        assertThat(store.promote(triaged.id(), "carol").status()).isEqualTo(TaskStatus.READY);
    }

    @Test
    void gcDeletesOnlyOldArchivedTasks() throws Exception {
        Task old = ready("old");
        Task live = ready("live");
        store.transition(old.id(), TaskStatus.ARCHIVED, "carol", null);
        assertThat(store.gc(Duration.ofHours(1))).isEmpty();
        Thread.sleep(20);
        assertThat(store.gc(Duration.ofMillis(10))).containsExactly(old.id());
        assertThatThrownBy(() -> store.get(old.id())).isInstanceOf(BoardException.UnknownTask.class);
        assertThat(store.get(live.id()).status()).isEqualTo(TaskStatus.READY);
    }

    @Test
    void aDispatchNoteIsRecordedOnceAndClearedWhenAWorkerAttaches() {
        Task t = ready("needs a key");
        assertThat(store.noteDispatch(t.id(), "profile default: OPENAI_API_KEY is not set")).isTrue();
        assertThat(store.noteDispatch(t.id(), "profile default: OPENAI_API_KEY is not set")).isFalse();
        assertThat(store.get(t.id()).dispatchNote()).contains("OPENAI_API_KEY");
        assertThat(eventKinds(t.id()).stream().filter("dispatch_deferred"::equals)).hasSize(1);
        Claim c = store.claim(alice, LONG, ClaimFilter.ANY).orElseThrow();
        store.attachWorker(c, 77);
        assertThat(store.get(t.id()).dispatchNote()).isNull();
    }
}

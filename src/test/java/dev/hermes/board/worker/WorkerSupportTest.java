package dev.hermes.board.worker;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hermes.board.BoardStore;
import dev.hermes.board.Claim;
import dev.hermes.board.ClaimFilter;
import dev.hermes.board.Claimant;
import dev.hermes.board.NewTask;
import dev.hermes.board.RunOutcome;
import dev.hermes.board.SqliteBoardStore;
import dev.hermes.board.Task;
import dev.hermes.board.TaskEvent;
import dev.hermes.board.TaskStatus;
import dev.hermes.tools.ApprovalPolicy;
import dev.hermes.tools.Tool;
import dev.hermes.tools.ToolContext;
import dev.hermes.tools.ToolOutcome;
import dev.hermes.tools.Workspace;
import dev.hermes.util.Json;
import dev.hermes.util.MonotonicClock;
import dev.hermes.util.Sleeper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Heartbeats, self-fencing and the worker tools against a real SQLite board, with short leases. */
class WorkerSupportTest {

    @TempDir
    Path dir;
    BoardStore store;
    final List<String> lost = new CopyOnWriteArrayList<>();

    @BeforeEach
    void open() {
        store = SqliteBoardStore.open(dir.resolve("b.db"));
    }

    @AfterEach
    void close() {
        store.close();
    }

    private WorkerContext claimed(Task t, Duration lease) {
        Claim c = store.claim(Claimant.forThisProcess(), lease, ClaimFilter.task(t.id())).orElseThrow();
        return new WorkerContext(t.id(), c.runId(), c.claimant().id(), c.attempt(), dir.resolve("b.db").toString(),
                lease, dir);
    }

    private WorkerSupport start(WorkerContext ctx) {
        return WorkerSupport.start(ctx, store, lost::add, MonotonicClock.SYSTEM, Sleeper.SYSTEM);
    }

    private ToolOutcome call(WorkerSupport w, String tool, String json) throws Exception {
        Tool t = w.tools().stream().filter(x -> x.name().equals(tool)).findFirst().orElseThrow();
        JsonNode args = Json.MAPPER.readTree(json);
        return t.run(args, ToolContext.of(Workspace.at(dir), ApprovalPolicy.yolo()));
    }

    @Test
    void activityKeepsTheLeaseAliveAndSilenceLetsItLapse() throws Exception {
        Task t = store.create(NewTask.builder("long call").status(TaskStatus.READY).build());
        // A lease wide enough that a loaded machine's scheduling delays (load 20 on 2 cores happens here)
        // do not stand in for silence; the loop still spans five leases.
        try (WorkerSupport w = start(claimed(t, Duration.ofMillis(500)))) {
            long end = System.nanoTime() + Duration.ofMillis(2500).toNanos();
            while (System.nanoTime() < end) { // a slow model call still streaming: 4+ leases long
                w.onActivity();
                assertThat(store.reclaimExpired()).isEmpty();
                Thread.sleep(20);
            }
            assertThat(store.get(t.id()).status()).isEqualTo(TaskStatus.RUNNING);
            assertThat(store.events(t.id()).stream().filter(e -> e.kind().equals("heartbeat")).count())
                    .isBetween(3L, 30L); // renewed, but rate limited (not once per activity)
            assertThat(lost).isEmpty();
            // the process hangs: no activity, so no renewal; the lease lapses and the worker fences itself
            long hungAt = System.nanoTime();
            while (store.reclaimExpired().isEmpty()) {
                assertThat(Duration.ofNanos(System.nanoTime() - hungAt)).isLessThan(Duration.ofSeconds(5));
                Thread.sleep(10);
            }
            assertThat(store.get(t.id()).status()).isEqualTo(TaskStatus.READY);
            while (lost.isEmpty()) {
                assertThat(Duration.ofNanos(System.nanoTime() - hungAt)).isLessThan(Duration.ofSeconds(5));
                Thread.sleep(10);
            }
            assertThat(lost.get(0)).containsAnyOf("lapsed", "superseded", "ended");
        }
    }

    @Test
    void aWorkerThatIsUpCountsAsAliveBeforeItsFirstProviderEvent() throws Exception {
        Task t = store.create(NewTask.builder("slow first token").status(TaskStatus.READY).build());
        Duration lease = Duration.ofMillis(300);
        try (WorkerSupport w = start(claimed(t, lease))) {
            // No activity at all yet: still, a renewal lands a third of a lease after start.
            long end = System.nanoTime() + lease.multipliedBy(2).toNanos();
            while (System.nanoTime() < end
                    && store.events(t.id()).stream().noneMatch(e -> e.kind().equals("heartbeat"))) {
                Thread.sleep(10);
            }
            assertThat(store.events(t.id())).extracting(e -> e.kind()).contains("heartbeat");
        }
    }

    @Test
    void toolsActOnTheOwnTaskAndALateWriteFromAReclaimedWorkerIsRejected() throws Exception {
        Task parent = store.create(NewTask.builder("parent").status(TaskStatus.READY).assignee("alice").build());
        try (WorkerSupport w = start(claimed(parent, Duration.ofSeconds(30)))) {
            for (Tool tool : w.tools()) Json.MAPPER.readTree(tool.definition().parametersSchemaJson());
            assertThat(w.tools()).extracting(Tool::name).containsExactly("kanban_show", "kanban_complete",
                    "kanban_request_review", "kanban_request_changes", "kanban_link", "kanban_block",
                    "kanban_heartbeat", "kanban_comment", "kanban_create");
            assertThat(call(w, "kanban_show", "{}").content()).contains("Task " + parent.id() + ": parent", "running");
            assertThat(call(w, "kanban_comment", "{\"body\":\"halfway\"}").isError()).isFalse();
            ToolOutcome created = call(w, "kanban_create", "{\"title\":\"follow-up\",\"body\":\"later\"}");
            assertThat(created.isError()).isFalse();
            Task followUp = store.list(dev.hermes.board.TaskQuery.ALL).stream()
                    .filter(x -> x.title().equals("follow-up")).findFirst().orElseThrow();
            assertThat(store.parents(followUp.id())).containsExactly(parent.id());
            assertThat(followUp.assignee()).isEqualTo("alice");
            assertThat(followUp.status()).isEqualTo(TaskStatus.TODO);
            assertThat(w.systemPrompt()).contains(parent.id().value(), "kanban_show", "kanban_complete", "kanban_block");

            store.forceComplete(parent.id(), "carol", "done by hand");
            ToolOutcome late = call(w, "kanban_complete", "{\"summary\":\"mine\"}");
            assertThat(late.isError()).isTrue();
            assertThat(late.content()).contains("no longer valid", "Stop working on this task now");
            assertThat(store.runs(parent.id())).singleElement().extracting(r -> r.outcome())
                    .isEqualTo(RunOutcome.RECLAIMED);
            assertThat(store.events(parent.id()).stream().map(TaskEvent::kind)).contains("fenced_write_rejected");
            assertThat(store.get(followUp.id()).status()).isEqualTo(TaskStatus.READY); // promoted by the force
        }
    }

    @Test
    void aReviewerRequestsChangesOnAnotherTaskLinksTasksAndAsksForReviewOfItsOwn() throws Exception {
        Task reviewed = store.create(NewTask.builder("the work").status(TaskStatus.READY).assignee("alice").build());
        store.requestReview(reviewed.id(), "carol", "please look");
        Task later = store.create(NewTask.builder("later").status(TaskStatus.READY).build());
        Task review = store.create(NewTask.builder("review the work").status(TaskStatus.READY).assignee("bob").build());
        try (WorkerSupport w = start(claimed(review, Duration.ofSeconds(30)))) {
            assertThatThrownBy(() -> call(w, "kanban_request_changes", "{\"task_id\":\"" + review.id()
                    + "\",\"reason\":\"x\"}")).hasMessageContaining("for another task in review");
            assertThatThrownBy(() -> call(w, "kanban_request_changes", "{\"task_id\":\"" + later.id()
                    + "\",\"reason\":\"x\"}")).hasMessageContaining("not in review");
            ToolOutcome changes = call(w, "kanban_request_changes", "{\"task_id\":\"" + reviewed.id()
                    + "\",\"reason\":\"missing tests\"}");
            assertThat(changes.content()).as(changes.content()).contains("Changes requested on " + reviewed.id(), "ready");
            assertThat(store.get(reviewed.id()).status()).isEqualTo(TaskStatus.READY);
            assertThat(store.comments(reviewed.id())).last().satisfies(c -> {
                assertThat(c.author()).isEqualTo("bob");
                assertThat(c.body()).isEqualTo("changes requested: missing tests");
            });
            assertThat(call(w, "kanban_link", "{\"parent_id\":\"" + reviewed.id() + "\",\"child_id\":\""
                    + later.id() + "\"}").content()).contains(later.id() + " now waits for " + reviewed.id());
            assertThat(store.get(later.id()).status()).isEqualTo(TaskStatus.TODO);
            assertThatThrownBy(() -> call(w, "kanban_link", "{\"parent_id\":\"" + later.id() + "\",\"child_id\":\""
                    + reviewed.id() + "\"}")).hasMessageContaining("cycle");

            assertThat(call(w, "kanban_request_review", "{\"summary\":\"reviewed\"}").content())
                    .contains("Review requested. Stop now.");
            assertThat(w.ended()).isTrue();
            assertThat(w.finish(0, "bye")).as("nothing recorded twice").isZero();
        }
        assertThat(store.get(review.id()).status()).isEqualTo(TaskStatus.REVIEW);
        assertThat(store.runs(review.id())).singleElement().extracting(r -> r.outcome())
                .isEqualTo(RunOutcome.REVIEW_REQUESTED);
    }

    @Test
    void finishRecordsWhyAWorkerEndedWithoutFinishing() {
        Task a = store.create(NewTask.builder("answered only").status(TaskStatus.READY).build());
        try (WorkerSupport w = start(claimed(a, Duration.ofSeconds(30)))) {
            assertThat(w.finish(0, "Here is the answer.")).isEqualTo(1);
        }
        assertThat(store.runs(a.id()).get(0).outcome()).isEqualTo(RunOutcome.PROTOCOL_VIOLATION);
        assertThat(store.runs(a.id()).get(0).error()).contains("without calling kanban_complete", "Here is the answer.");

        Task b = store.create(NewTask.builder("rate limited").status(TaskStatus.READY).build());
        try (WorkerSupport w = start(claimed(b, Duration.ofSeconds(30)))) {
            assertThat(w.finish(75, "429")).isEqualTo(75);
        }
        assertThat(store.runs(b.id()).get(0).outcome()).isEqualTo(RunOutcome.RATE_LIMITED);
        assertThat(store.get(b.id()).consecutiveFailures()).isZero();
    }

    @Test
    void environmentRoundTripsAndBadValuesNameTheVariable() {
        WorkerContext ctx = new WorkerContext(dev.hermes.board.TaskId.of("t_0123abcd"), 7, "w_1", 2, "/b.db",
                Duration.ofSeconds(300), dir);
        assertThat(WorkerContext.fromEnvironment(ctx.toEnvironment())).isEqualTo(ctx);
        assertThat(WorkerContext.fromEnvironment(Map.of())).isNull();
        Map<String, String> bad = new java.util.HashMap<>(ctx.toEnvironment());
        bad.put(WorkerContext.ATTEMPT, "two");
        assertThatThrownBy(() -> WorkerContext.fromEnvironment(bad)).hasMessageContaining("HERMES_KANBAN_ATTEMPT");
        assertThat(WorkerSupport.CLAIM_LOST_EXIT).isEqualTo(dev.hermes.exit.ExitCodes.CLAIM_LOST);
    }
}

package dev.hermes.board.worker;

import dev.hermes.board.BoardStore;
import dev.hermes.board.Claim;
import dev.hermes.board.Comment;
import dev.hermes.board.NewTask;
import dev.hermes.board.Run;
import dev.hermes.board.RunOutcome;
import dev.hermes.board.Task;
import dev.hermes.board.TaskId;
import dev.hermes.board.WriteResult;
import dev.hermes.tools.Tool;
import dev.hermes.tools.ToolException;
import dev.hermes.tools.ToolOutcome;
import dev.hermes.util.MonotonicClock;
import dev.hermes.util.Sleeper;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * Everything {@code hermes chat} needs to run as a kanban worker, in one object:
 * <pre>
 *   WorkerContext ctx = WorkerContext.fromEnvironment();      // null: not a worker
 *   try (WorkerSupport w = WorkerSupport.start(ctx, store, WorkerSupport.haltOnLoss(System.err))) {
 *       tools += w.tools(); systemPrompt += w.systemPrompt();
 *       agent activity (stream events, tool calls) -> w.onActivity()
 *       exit code = w.finish(exitCode, detail)
 *   }
 * </pre>
 * {@link #finish} is the final check: a worker whose agent ended without completing or blocking
 * its task records the classified failure itself (the dispatcher does the same from the exit
 * code when the process dies before that). Thread-safe. Closing stops the heartbeat; the caller
 * owns and closes the store.
 */
public final class WorkerSupport implements AutoCloseable {

    /** Exit code of a worker that stopped because its claim was lost (distinct from provider failures). */
    public static final int CLAIM_LOST_EXIT = 5;

    private final WorkerContext context;
    private final BoardStore store;
    private final Claim claim;
    private final Heartbeater heartbeater;
    /** Null while working; then "completed", "blocked", or the reason the claim was lost. */
    private final AtomicReference<String> ended = new AtomicReference<>();

    private WorkerSupport(WorkerContext context, BoardStore store, Consumer<String> onLost, MonotonicClock clock,
                          Sleeper sleeper) {
        this.context = context;
        this.store = store;
        this.claim = context.claim();
        this.heartbeater = new Heartbeater(store, claim, context.lease(), clock, sleeper, reason -> {
            ended.compareAndSet(null, "claim lost: " + reason);
            onLost.accept(reason);
        });
    }

    /** Starts the heartbeat for {@code context}'s claim. {@code onLost} runs once if the claim is lost. */
    public static WorkerSupport start(WorkerContext context, BoardStore store, Consumer<String> onLost) {
        return start(context, store, onLost, MonotonicClock.SYSTEM, Sleeper.SYSTEM);
    }

    public static WorkerSupport start(WorkerContext context, BoardStore store, Consumer<String> onLost,
                                      MonotonicClock clock, Sleeper sleeper) {
        WorkerSupport w = new WorkerSupport(context, store, onLost, clock, sleeper);
        w.heartbeater.start();
        // Being up and ready is a sign of life: the first renewal comes a third of a lease from
        // now, not only after the first provider event (a slow start must not cost the lease).
        w.heartbeater.onActivity();
        return w;
    }

    /**
     * The production reaction to a lost claim: say why on {@code err} and end the process at once
     * with {@link #CLAIM_LOST_EXIT}. A worker must not outlive its claim (see {@link Heartbeater}).
     */
    public static Consumer<String> haltOnLoss(java.io.PrintStream err) {
        return reason -> {
            err.println("hermes: kanban claim lost, stopping this worker: " + reason);
            err.flush();
            Runtime.getRuntime().halt(CLAIM_LOST_EXIT);
        };
    }

    /**
     * Makes SIGTERM end this process at once (exit 143). The dispatcher sends it to a worker whose
     * claim it took back; a JVM shutting down in the usual way runs its hooks while the agent
     * keeps writing files and running commands, which no fence can stop.
     */
    public static void haltOnTerm() {
        sun.misc.Signal.handle(new sun.misc.Signal("TERM"), signal -> Runtime.getRuntime().halt(143));
    }

    /** The kanban tools, bound to this worker's task and claim. */
    public List<Tool> tools() {
        return KanbanTools.all(this);
    }

    /** The worker instructions to add to the system prompt. */
    public String systemPrompt() {
        return WorkerPrompt.text(context);
    }

    /** Call on every sign of life: stream events, tool calls. Cheap, never throws. */
    public void onActivity() {
        heartbeater.onActivity();
    }

    /** The hook for {@code ToolContext.withOnActivity}. */
    public Runnable activityHook() {
        return heartbeater::onActivity;
    }

    /** True once the task was completed or blocked by this worker, or the claim was lost. */
    public boolean ended() {
        return ended.get() != null;
    }

    /**
     * The final check when the agent is done, with the exit code the command would return and a
     * detail (the final answer or the error). If the task was not completed or blocked, records
     * why on the run: exit 0 is a protocol violation (answered without finishing the task), 75 a
     * rate limit (requeued after a cooldown, not counted), anything else a crash with the detail.
     * Returns the exit code to use.
     */
    public int finish(int exitCode, String detail) {
        if (ended()) return exitCode;
        heartbeater.close();
        String d = detail == null || detail.isBlank() ? "" : ": " + abbreviate(detail.strip(), 500);
        WriteResult r = switch (exitCode) {
            case 0 -> store.fail(claim, RunOutcome.PROTOCOL_VIOLATION,
                    "the agent finished without calling kanban_complete, kanban_request_review or kanban_block" + d);
            case 75 -> store.fail(claim, RunOutcome.RATE_LIMITED, "every provider was rate limited" + d);
            default -> store.fail(claim, RunOutcome.CRASHED, "worker exited with code " + exitCode + d);
        };
        ended.compareAndSet(null, r.applied() ? "failed" : "claim lost");
        return exitCode == 0 && r.applied() ? 1 : exitCode;
    }

    @Override
    public void close() {
        heartbeater.close();
    }

    // ---- used by the tools ------------------------------------------------------------------

    TaskId task() {
        return context.task();
    }

    Duration lease() {
        return context.lease();
    }

    WriteResult heartbeat() {
        return heartbeater.beatNow();
    }

    WriteResult comment(String body) {
        return store.comment(claim, body);
    }

    WriteResult complete(String summary, Map<String, ?> metadata) {
        heartbeater.close();
        WriteResult r = store.complete(claim, summary, metadata);
        ended.compareAndSet(null, r.applied() ? "completed" : "claim lost");
        return r;
    }

    WriteResult requestReview(String summary, Map<String, ?> metadata) {
        heartbeater.close();
        WriteResult r = store.requestReview(claim, summary, metadata);
        ended.compareAndSet(null, r.applied() ? "review requested" : "claim lost");
        return r;
    }

    /**
     * A change request on another task that is in review (this worker is its reviewer), made only
     * while this worker's claim is live; the reason becomes a comment by this worker's profile.
     */
    ToolOutcome requestChanges(TaskId reviewed, String reason) throws ToolException {
        WriteResult live = heartbeater.beatNow();
        if (!live.applied()) return written(live, "");
        if (reviewed.equals(context.task())) {
            throw new ToolException("kanban_request_changes is for another task in review; to hand your own task "
                    + "back, use kanban_block or kanban_request_review");
        }
        try {
            Task t = store.requestChanges(reviewed, profile(), reason);
            store.comment(claim, "requested changes on " + reviewed + ": " + reason);
            return ToolOutcome.ok("Changes requested on " + reviewed + "; it is " + t.status().sql() + " again.");
        } catch (dev.hermes.board.BoardException e) {
            throw new ToolException("kanban_request_changes: " + e.getMessage());
        }
    }

    /** Makes {@code child} wait for {@code parent}, while this worker's claim is live. */
    ToolOutcome link(TaskId parent, TaskId child) throws ToolException {
        WriteResult live = heartbeater.beatNow();
        if (!live.applied()) return written(live, "");
        try {
            store.link(parent, child);
            return ToolOutcome.ok("Linked: " + child + " now waits for " + parent + ".");
        } catch (dev.hermes.board.BoardException e) {
            throw new ToolException("kanban_link: " + e.getMessage());
        }
    }

    /** The profile this worker runs as: its task's assignee. */
    private String profile() {
        String assignee = store.get(context.task()).assignee();
        return assignee == null ? "default" : assignee;
    }

    WriteResult block(String reason) {
        heartbeater.close();
        WriteResult r = store.block(claim, reason);
        ended.compareAndSet(null, r.applied() ? "blocked" : "claim lost");
        return r;
    }

    /** Follow-ups are created only while the claim is live: a renewal just before is the fence. */
    ToolOutcome createFollowUp(NewTask.Builder builder) throws ToolException {
        WriteResult live = heartbeater.beatNow();
        if (!live.applied()) return written(live, "");
        if (builder.build().assignee() == null) {
            builder.assignee(store.get(context.task()).assignee());
        }
        try {
            Task created = store.create(builder.build());
            store.comment(claim, "created follow-up " + created.id() + ": " + created.title());
            return ToolOutcome.ok("Created " + created.id() + " (" + created.status().sql() + ", assignee "
                    + created.assignee() + ").");
        } catch (dev.hermes.board.BoardException | IllegalArgumentException e) {
            throw new ToolException("kanban_create: " + e.getMessage());
        }
    }

    /** The model-facing result of a fenced write. */
    ToolOutcome written(WriteResult r, String ok) {
        return switch (r) {
            case WriteResult.Applied a -> ToolOutcome.ok(ok);
            case WriteResult.Rejected rej -> ToolOutcome.error("Your claim on task " + context.task()
                    + " is no longer valid (" + rej.reason() + "). Another worker or a person has taken it over."
                    + " Stop working on this task now: make no more changes and call no more tools.");
        };
    }

    String describeTask() {
        Task t = store.get(context.task());
        StringBuilder s = new StringBuilder();
        s.append("Task ").append(t.id()).append(": ").append(t.title()).append('\n')
                .append("status: ").append(t.status().sql()).append(", attempt ").append(context.attempt())
                .append(" (current ").append(t.attempt()).append("), priority ").append(t.priority())
                .append(", assignee ").append(t.assignee()).append('\n')
                .append("workspace: ").append(context.workspace()).append('\n');
        if (t.attempt() != context.attempt() || t.claimant() == null || !t.claimant().equals(context.claimant())) {
            s.append("WARNING: this worker no longer holds the task's claim; stop working on it.\n");
        }
        s.append("\n").append(t.body().isBlank() ? "(no description)" : t.body()).append('\n');
        for (TaskId p : store.parents(t.id())) {
            Task parent = store.get(p);
            s.append("\nparent ").append(p).append(" (").append(parent.status().sql()).append("): ")
                    .append(parent.title());
            store.runs(p).stream().filter(r -> r.outcome() == RunOutcome.COMPLETED).reduce((a, b) -> b)
                    .map(Run::summary).ifPresent(sum -> s.append("\n  result: ").append(sum));
        }
        List<Run> runs = store.runs(t.id());
        runs.stream().filter(r -> r.attempt() < context.attempt() && r.outcome() != null).forEach(r -> s
                .append("\nearlier attempt ").append(r.attempt()).append(": ").append(r.outcome().sql())
                .append(r.error() == null ? "" : " (" + abbreviate(r.error(), 300) + ")"));
        for (Comment c : store.comments(t.id())) {
            s.append("\ncomment by ").append(c.author()).append(": ").append(c.body());
        }
        return s.toString();
    }

    private static String abbreviate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max) + "...";
    }
}

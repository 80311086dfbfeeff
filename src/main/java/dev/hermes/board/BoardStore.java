package dev.hermes.board;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The kanban board: tasks, their DAG of links, comments, an append-only event log, runs, and
 * fenced leases. See docs/kanban.md for the rules.
 *
 * <p><b>Threading:</b> implementations are thread-safe and safe across processes sharing one
 * board; every method is one database transaction. <b>Time:</b> leases, cooldowns and all
 * timestamps come from the database's clock, never from the caller's.
 *
 * <p><b>Errors:</b> an unknown task id throws {@link BoardException.UnknownTask}; an operation
 * the task's status forbids throws {@link BoardException.IllegalTransition}. Fenced writes
 * (those taking a {@link Claim}) never throw for a lost claim: they return
 * {@link WriteResult.Rejected} and record a {@code fenced_write_rejected} event.
 *
 * <p>The caller owns the store and closes it; closing releases its pooled connections.
 */
public interface BoardStore extends AutoCloseable {

    // ---- tasks ------------------------------------------------------------------------------

    /** Creates a task (and its parent links, refusing cycles); event {@code created}. */
    Task create(NewTask task);

    Task get(TaskId id);

    /** Tasks matching the query, highest priority first, then oldest. */
    List<Task> list(TaskQuery query);

    /** Changes non-status fields; event {@code updated} listing the changed fields. */
    Task update(TaskId id, TaskPatch patch, String by);

    /**
     * Moves a task between statuses outside of a claim (triage, todo, ready, blocked, review,
     * done, archived), e.g. unblock or archive. A running task cannot be moved here: use a
     * fenced write or {@link #forceComplete}. Unblocking resets the failure count.
     */
    Task transition(TaskId id, TaskStatus to, String by, String reason);

    // ---- links ------------------------------------------------------------------------------

    /** Adds parent -> child. Refuses a cycle with {@link BoardException.Cycle} naming it. */
    void link(TaskId parent, TaskId child);

    /** Removes the link; false when there was none. */
    boolean unlink(TaskId parent, TaskId child);

    List<TaskId> parents(TaskId id);

    List<TaskId> children(TaskId id);

    /** Moves every todo task whose parents are all done to ready; returns the promoted ids. */
    List<TaskId> promote();

    // ---- comments, events, runs -----------------------------------------------------------

    Comment comment(TaskId id, String author, String body);

    List<Comment> comments(TaskId id);

    /** The task's events in order of writing. */
    List<TaskEvent> events(TaskId id);

    /**
     * Events of every task written after event {@code afterId}, oldest first, at most
     * {@code limit}: how a live view follows the board (the id is the resume point).
     */
    List<TaskEvent> eventsAfter(long afterId, int limit);

    /** The task's runs, oldest attempt first. */
    List<Run> runs(TaskId id);

    // ---- claims and fenced writes ---------------------------------------------------------

    /**
     * Atomically takes the best claimable task: ready, or running with an expired lease (whose
     * old run is closed as {@code reclaimed} and counted as a failure), not in cooldown,
     * highest priority then oldest. Increments the attempt, sets the lease from the database
     * clock, opens a run. Empty when nothing is claimable. With {@link ClaimFilter#task} naming
     * a task that is not claimable, throws {@link BoardException.IllegalTransition}.
     */
    Optional<Claim> claim(Claimant claimant, Duration lease, ClaimFilter filter);

    /** Records the worker process's pid on the claim's run (the dispatcher spawns after claiming). */
    WriteResult attachWorker(Claim claim, long workerPid);

    /** Extends the lease to database-now + {@code extendBy}; stamps the run's heartbeat. */
    WriteResult heartbeat(Claim claim, Duration extendBy);

    /** A comment by the claim's worker, accepted only while the claim is live. */
    WriteResult comment(Claim claim, String body);

    /** Ends the run as completed, the task as done; resets failures and promotes children. */
    WriteResult complete(Claim claim, String summary, Map<String, ?> metadata);

    /**
     * Ends the run as {@code review_requested}, the task in {@code review} (children keep waiting);
     * resets the failure counts. Event {@code review_requested}.
     */
    WriteResult requestReview(Claim claim, String summary, Map<String, ?> metadata);

    /** Ends the run as blocked, the task as blocked, with the reason. */
    WriteResult block(Claim claim, String reason);

    /**
     * Ends the run with a failure outcome (see {@link RunOutcome#acceptedByFail()}). Counting
     * failures requeue the task, or block it with event {@code gave_up} at the task's limit;
     * {@code rate_limited} requeues with a cooldown and does not count.
     */
    WriteResult fail(Claim claim, RunOutcome outcome, String error);

    /**
     * Ends every expired lease: runs closed as {@code reclaimed} (a counting failure), tasks back
     * to ready or blocked at the limit. Returns the ended claims, with the last known worker pid
     * and host in {@link Claim#claimant()}, so the dispatcher can kill local workers. A requeued
     * task is <b>held</b> (not claimable) for one more lease length, or until
     * {@link #releaseWorker} says the displaced worker is dead: two live workers on one task are
     * never possible, even when the old one could not be killed.
     */
    List<Claim> reclaimExpired();

    /**
     * Ends the worker hold a reclaim put on the task (see {@link #reclaimExpired}) once the caller
     * has seen the displaced worker of {@code attempt} dead; event {@code worker_released}. False
     * when no hold for that attempt remains.
     */
    boolean releaseWorker(TaskId id, long attempt, String by);

    /**
     * Extends the worker hold to database-now + {@code hold} because the displaced worker of
     * {@code attempt} survived a kill; event {@code worker_held}. False when the task has been
     * claimed again since.
     */
    boolean holdWorker(TaskId id, long attempt, Duration hold, String reason);

    /**
     * Marks a task done by a person's decision, ending any live claim (its run closes as
     * {@code reclaimed}); the worker's later writes are fenced out. Event {@code force_completed}
     * names {@code by}. Throws for a task already done or archived.
     */
    Task forceComplete(TaskId id, String by, String summary);

    // ---- review flow (outside of claims) -----------------------------------------------------

    /**
     * A person sends a triage, todo, ready or blocked task for review (a running task's worker
     * asks through its claim instead). Event {@code review_requested}.
     */
    Task requestReview(TaskId id, String by, String note);

    /** Review -> done, promoting children; the note (if any) is kept as a comment. Event {@code approved}. */
    Task approve(TaskId id, String by, String note);

    /**
     * Review -> ready: the task is worked again, with the reason as a comment by {@code by} that
     * the next worker reads. Failure counts are untouched. Event {@code changes_requested}.
     */
    Task requestChanges(TaskId id, String by, String reason);

    /** Done -> review; its ready children go back to todo. Event {@code review_reopened}. */
    Task reopenReview(TaskId id, String by, String reason);

    // ---- management by people and the dispatcher ---------------------------------------------

    /**
     * Ends a running task's live claim by a person's decision: run closed as {@code reclaimed},
     * task ready, no failure counted, not offered again until the old lease's end (the displaced
     * worker stops at its next renewal). Event {@code reclaimed} naming {@code by}.
     */
    Task reclaim(TaskId id, String by, String reason);

    /**
     * Sets the assignee of a task that is not finished. A running task is refused unless
     * {@code reclaim}, which ends its claim first (as {@link #reclaim}). Clears the dispatch note.
     * Event {@code reassigned}.
     */
    Task reassign(TaskId id, String assignee, String by, boolean reclaim);

    /**
     * Moves one task on: triage -> todo (or ready when its parents are done), todo -> ready when
     * its parents are done; refuses naming the parents it waits for. Event {@code promoted}.
     */
    Task promote(TaskId id, String by);

    /** Deletes archived tasks last updated at least {@code olderThan} ago; returns their ids. */
    List<TaskId> gc(Duration olderThan);

    /**
     * The dispatcher's note on why it does not start a worker for a ready task (a configuration
     * problem of the assignee profile; not a failure), or null to clear it. Recorded (event
     * {@code dispatch_deferred}) only when it changes; returns whether it did. A worker attaching
     * to the task clears it.
     */
    boolean noteDispatch(TaskId id, String note);

    @Override
    void close();
}

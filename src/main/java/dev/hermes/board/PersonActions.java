package dev.hermes.board;

/**
 * The board operations a person starts (from {@code hermes kanban} or {@code hermes dashboard}),
 * with the choices both front ends must make the same way: what "complete" means for a task in
 * review or one a worker holds, and what "unblock" accepts.
 */
public final class PersonActions {

    private PersonActions() {
    }

    /** What a completion did, for the message shown to the person. */
    public enum Completed { APPROVED, COMPLETED, ENDED_CLAIM }

    /**
     * Completes a task by hand: a task in review is approved; a running task is completed only
     * with {@code force} (its live claim ends and the worker's later writes are refused).
     *
     * @param summary the completion summary, or null for none
     */
    public static Completed complete(BoardStore store, TaskId id, String by, String summary, boolean force) {
        Task t = store.get(id);
        if (t.status() == TaskStatus.RUNNING && !force) {
            throw new BoardException.IllegalTransition(id, t.status(), "complete it while worker " + t.claimant()
                    + " (attempt " + t.attempt() + ") holds it; use --force to end that claim");
        }
        if (t.status() == TaskStatus.REVIEW) {
            store.approve(id, by, summary);
            return Completed.APPROVED;
        }
        store.forceComplete(id, by, summary == null ? "completed by hand" : summary);
        return t.status() == TaskStatus.RUNNING ? Completed.ENDED_CLAIM : Completed.COMPLETED;
    }

    /** Makes a blocked task ready (or todo) again, resetting its failure count. */
    public static void unblock(BoardStore store, TaskId id, String by, TaskStatus target) {
        TaskStatus now = store.get(id).status();
        if (now != TaskStatus.BLOCKED) {
            throw new BoardException.IllegalTransition(id, now, "unblock it (it is not blocked)");
        }
        store.transition(id, target, by, "unblocked");
    }
}

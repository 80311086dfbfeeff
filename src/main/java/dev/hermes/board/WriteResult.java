package dev.hermes.board;

/**
 * The outcome of a fenced write. A rejection is an expected result (the claim was taken over,
 * force-completed or already ended), not an error: the caller stops working on the task.
 */
public sealed interface WriteResult {

    Applied APPLIED = new Applied();

    /** The write landed. */
    record Applied() implements WriteResult {
    }

    /** The claim is no longer the live one; nothing was changed except a recorded event. */
    record Rejected(String reason) implements WriteResult {
    }

    default boolean applied() {
        return this instanceof Applied;
    }
}

package dev.hermes.tools;

import java.util.Objects;

/**
 * What a tool call may use besides its arguments.
 *
 * @param workspace  the directory every path is confined to
 * @param approval   decides whether a terminal command may run
 * @param cancel     set by the agent to stop the call (Ctrl-C); tools poll it
 * @param onActivity called from the tool's thread (or its reader thread) while a long call makes
 *                   progress, at most about once a second; must be cheap and must not throw. The
 *                   kanban worker uses it to heartbeat its lease.
 */
public record ToolContext(Workspace workspace, ApprovalPolicy approval, CancelSignal cancel, Runnable onActivity) {
    public ToolContext {
        Objects.requireNonNull(workspace, "workspace");
        Objects.requireNonNull(approval, "approval");
        Objects.requireNonNull(cancel, "cancel");
        Objects.requireNonNull(onActivity, "onActivity");
    }

    /** A context with no cancellation and no activity hook. */
    public static ToolContext of(Workspace workspace, ApprovalPolicy approval) {
        return new ToolContext(workspace, approval, CancelSignal.NEVER, () -> { });
    }

    public ToolContext withCancel(CancelSignal signal) {
        return new ToolContext(workspace, approval, signal, onActivity);
    }

    public ToolContext withOnActivity(Runnable hook) {
        return new ToolContext(workspace, approval, cancel, hook);
    }
}

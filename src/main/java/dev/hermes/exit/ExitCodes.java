package dev.hermes.exit;

/**
 * Process exit codes. Documented in README.md ("Exit codes"); scripts and the kanban dispatcher
 * rely on them, so numbers never change meaning.
 */
public final class ExitCodes {
    /** A complete answer was delivered (or the command did what it was asked). */
    public static final int OK = 0;
    /** No complete answer was possible: every provider attempt failed. The error lists them. */
    public static final int PROVIDER_FAILURE = 1;
    /** Bad command-line arguments. */
    public static final int USAGE = 2;
    /** Bad configuration: config.yaml, .env, profile, or a missing API key. Names the source. */
    public static final int CONFIG = 3;
    /** A kanban board refused the operation: unknown task, illegal transition, cycle, no board. */
    public static final int BOARD = 4;
    /** A kanban worker stopped because its claim was lost (reclaimed or force-completed). */
    public static final int CLAIM_LOST = 5;
    /** Every provider was rate-limited; try again later (the kanban dispatcher requeues without counting a failure). */
    public static final int RATE_LIMITED = 75;
    /** Interrupted by the user (Ctrl-C). */
    public static final int INTERRUPTED = 130;

    /** The exit code a command ends with when {@code failure} escapes it: its own, else a provider failure. */
    public static int forFailure(Throwable failure) {
        return failure instanceof ExitStatus s ? s.exitCode() : PROVIDER_FAILURE;
    }

    private ExitCodes() {
    }
}

package dev.hermes.tools;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A one-way cancellation flag shared by the agent (which sets it on Ctrl-C) and running tools
 * (which poll it). Thread-safe. Long-running tools check it at least every few tens of
 * milliseconds, so cancellation is prompt without interrupting threads.
 */
public final class CancelSignal {

    /** Never cancelled; for callers without a Ctrl-C. */
    public static final CancelSignal NEVER = new CancelSignal();

    private final AtomicBoolean cancelled = new AtomicBoolean();

    public void cancel() {
        if (this == NEVER) throw new IllegalStateException("CancelSignal.NEVER cannot be cancelled");
        cancelled.set(true);
    }

    public boolean isCancelled() {
        return cancelled.get();
    }
}

package dev.hermes.tools;

import dev.hermes.util.MonotonicClock;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A one-way cancellation flag shared by the agent (which sets it on Ctrl-C) and running tools
 * (which poll it). Thread-safe. Long-running tools check it at least every few tens of
 * milliseconds, so cancellation is prompt without interrupting threads.
 *
 * <p>{@link ToolRunner} gives each call its own signal {@linkplain #withDeadline bounded by the
 * tool deadline}: it reads as cancelled when the agent's signal is set or the deadline has passed,
 * so every tool that honours Ctrl-C honours the deadline too.
 */
public final class CancelSignal {

    /** Never cancelled; for callers without a Ctrl-C. */
    public static final CancelSignal NEVER = new CancelSignal();

    private final AtomicBoolean cancelled = new AtomicBoolean();
    private final CancelSignal parent;
    private final MonotonicClock clock;
    private final long deadlineNanos;

    public CancelSignal() {
        this(null, null, 0);
    }

    private CancelSignal(CancelSignal parent, MonotonicClock clock, long deadlineNanos) {
        this.parent = parent;
        this.clock = clock;
        this.deadlineNanos = deadlineNanos;
    }

    /** A signal set when this one is, or once {@code timeout} has passed on {@code clock}. */
    public CancelSignal withDeadline(Duration timeout, MonotonicClock clock) {
        return new CancelSignal(this, clock, clock.nanoTime() + timeout.toNanos());
    }

    public void cancel() {
        if (this == NEVER) throw new IllegalStateException("CancelSignal.NEVER cannot be cancelled");
        cancelled.set(true);
    }

    public boolean isCancelled() {
        return cancelled.get() || (parent != null && parent.isCancelled()) || deadlinePassed();
    }

    /** True when this signal's own deadline (not a Ctrl-C) has passed. */
    public boolean deadlinePassed() {
        return clock != null && clock.nanoTime() - deadlineNanos >= 0;
    }

    /** Time left before the deadline (zero when passed); a very long time when there is none. */
    public Duration remaining() {
        if (clock == null) return parent == null ? Duration.ofDays(365) : parent.remaining();
        Duration own = Duration.ofNanos(Math.max(0, deadlineNanos - clock.nanoTime()));
        return parent == null ? own : min(own, parent.remaining());
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}

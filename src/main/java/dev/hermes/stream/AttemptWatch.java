package dev.hermes.stream;

import dev.hermes.llm.StreamEvent;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The watchdog's view of one attempt. Hand it to the wire client as its {@link AttemptListener},
 * pass every event read from the stream to {@link #onEvent}, and {@link #close()} it when the
 * attempt ends (in a finally block).
 *
 * <p>When a timer fires, the watch records it in {@link #firedTimer()} first and then runs the
 * current abort handle (on another thread, possibly more than once: handles must be idempotent,
 * as {@code EventStream.close()} is). The reading thread, unblocked with an exception, asks
 * {@link #firedTimer()} whether the watchdog did it: if so the failure is a stall, never a normal
 * end or a plain transport error.
 *
 * <p>Threading: listener methods and {@link #onEvent} are called by the attempt's thread, timers
 * fire on the watchdog's; state is in volatile fields so activity costs a clock read and a write.
 */
public final class AttemptWatch implements AttemptListener, AutoCloseable {

    private final StreamWatchdog watchdog;
    private final StreamTimeouts timeouts;
    private final String label;
    private final long startedAt;
    private volatile long headersAt = -1;
    private volatile long lastByteAt = -1;
    private volatile long lastContentAt = -1;
    /** Since when the reader has been handing an event to its consumer, or -1 while it reads. */
    private volatile long awaySince = -1;
    private volatile Runnable abort;
    private volatile boolean closed;
    private final AtomicReference<FiredTimer> fired = new AtomicReference<>();
    /** The time of this watch's live queue entry; guarded by the watchdog's lock. */
    long scheduledAt = Long.MAX_VALUE;

    AttemptWatch(StreamWatchdog watchdog, StreamTimeouts timeouts, String label, long startedAt) {
        this.watchdog = watchdog;
        this.timeouts = timeouts;
        this.label = label;
        this.startedAt = startedAt;
    }

    /** A timer due at {@code at} (monotonic nanos), measured from {@code since}. */
    record Due(StallKind kind, long since, long at) {
    }

    @Override
    public void requestStarted(Runnable abort) {
        this.abort = abort;
        if (fired.get() != null) watchdog.runAbort(abort);
    }

    @Override
    public void headersReceived(int status, Runnable abort) {
        long now = watchdog.now();
        this.abort = abort;
        lastByteAt = now;
        headersAt = now;
        if (fired.get() != null) watchdog.runAbort(abort);
        else watchdog.reschedule(this); // the post-headers timers may be due before the headers timer
    }

    @Override
    public void bytesReceived(int count) {
        lastByteAt = watchdog.now();
    }

    /** Every event read from the stream. Content deltas reset content-idle; keep-alives do not. */
    public void onEvent(StreamEvent event) {
        if (!event.isContent()) return;
        long now = watchdog.now();
        boolean first = lastContentAt < 0;
        lastContentAt = now;
        lastByteAt = now;
        if (first) watchdog.reschedule(this); // content-idle may be shorter than first-content
    }

    /**
     * The reader hands the event it just read to its consumer, on its own thread: until
     * {@link #resumed()} the idle timers stand still, so a consumer slow to take an event (a proxy
     * client reading slowly) is never taken for a silent provider. The deadline still runs.
     */
    public void handingOver() {
        awaySince = watchdog.now();
    }

    /** The reader is back: the time it was away is added to the idle timers' marks. */
    public void resumed() {
        long away = watchdog.now() - awaySince;
        headersAt += away;
        if (lastContentAt >= 0) lastContentAt += away;
        lastByteAt += away;
        // cleared after the shift: the watchdog, reading in between, sees a later due, never an earlier one
        awaySince = -1;
    }

    /** The timer that aborted this attempt, if one did. */
    public Optional<FiredTimer> firedTimer() {
        return Optional.ofNullable(fired.get());
    }

    public String label() {
        return label;
    }

    /** Stops watching. Idempotent; a fired timer stays readable. */
    @Override
    public void close() {
        if (!closed) {
            closed = true;
            watchdog.released();
        }
    }

    boolean isDone() {
        return closed || fired.get() != null;
    }

    /** The earliest timer, from the current activity marks (moved on by the time the reader is away). */
    Due nextDue() {
        // read before the marks: once it reads cleared, resumed() has shifted every mark already
        long since = awaySince;
        long headers = headersAt;
        Due due = new Due(StallKind.DEADLINE, startedAt, startedAt + timeouts.deadline().toNanos());
        if (headers < 0) {
            return earliest(new Due(StallKind.HEADERS, startedAt, startedAt + timeouts.of(StallKind.HEADERS).toNanos()), due);
        }
        long away = since < 0 ? 0 : watchdog.now() - since;
        headers += away;
        long content = lastContentAt;
        Due contentDue = content < 0
                ? new Due(StallKind.FIRST_CONTENT, headers, headers + timeouts.firstContent().toNanos())
                : new Due(StallKind.CONTENT_IDLE, content + away, content + away + timeouts.contentIdle().toNanos());
        long bytes = lastByteAt + away;
        Due liveness = new Due(StallKind.LIVENESS_IDLE, bytes, bytes + timeouts.livenessIdle().toNanos());
        return earliest(earliest(contentDue, liveness), due);
    }

    /** Records the firing (first one wins) and aborts; false if the watch was already done. */
    boolean fire(Due due, long now) {
        if (closed) return false;
        FiredTimer f = new FiredTimer(due.kind(), timeouts.of(due.kind()), Duration.ofNanos(now - due.since()), label);
        if (!fired.compareAndSet(null, f)) return false;
        watchdog.runAbort(abort);
        return true;
    }

    /** On a tie the more specific timer (the first argument) is the one reported. */
    private static Due earliest(Due a, Due b) {
        return b.at() < a.at() ? b : a;
    }
}

package dev.hermes.stream;

import dev.hermes.util.MonotonicClock;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Runs the timers of every streaming attempt in the process on one thread.
 *
 * <p>Each live {@link AttemptWatch} has one entry in a priority queue, keyed by the time its
 * earliest timer could be due. The thread sleeps exactly until the head entry (no polling
 * interval), then re-reads that watch's activity marks: activity only moves deadlines later, so
 * a not-yet-due watch is simply re-queued at its new time. Recording activity therefore costs
 * no locking; only the two phase changes (headers, first content) may move a deadline earlier,
 * and those re-queue the watch at once. Thousands of watches cost one small object each.
 *
 * <p>Abort handles run on the given executor (virtual threads by default), so a slow close can
 * never delay another attempt's timer.
 */
public final class StreamWatchdog implements AutoCloseable {

    private static final Executor VIRTUAL = task -> Thread.ofVirtual().name("hermes-abort").start(task);
    /** Dead queue entries are purged once they are this many and at least half the queue. */
    private static final int PURGE_MIN = 1024;

    private record Entry(long at, AttemptWatch watch) {
    }

    private record Firing(AttemptWatch watch, AttemptWatch.Due due) {
    }

    private final MonotonicClock clock;
    private final Executor aborts;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final PriorityQueue<Entry> queue = new PriorityQueue<>(Comparator.comparingLong(Entry::at));
    private int released;
    private volatile boolean running = true;
    private final Thread thread;
    private final boolean shared;

    private StreamWatchdog(MonotonicClock clock, Executor aborts, boolean withThread, boolean shared) {
        this.shared = shared;
        this.clock = clock;
        this.aborts = aborts;
        this.thread = withThread ? Thread.ofPlatform().daemon().name("hermes-stream-watchdog").start(this::loop) : null;
    }

    private static final class Shared {
        static final StreamWatchdog INSTANCE = new StreamWatchdog(MonotonicClock.SYSTEM, VIRTUAL, true, true);
    }

    /** The process-wide watchdog on the system monotonic clock; its thread is a daemon. */
    public static StreamWatchdog shared() {
        return Shared.INSTANCE;
    }

    /** A watchdog with its own thread; close it when done (tests, benchmarks). */
    public static StreamWatchdog start(MonotonicClock clock) {
        return new StreamWatchdog(clock, VIRTUAL, true, false);
    }

    /** A watchdog without a thread: the caller drives it with {@link #runDue()} (fake-clock tests). */
    public static StreamWatchdog manual(MonotonicClock clock, Executor aborts) {
        return new StreamWatchdog(clock, aborts, false, false);
    }

    /**
     * Starts watching an attempt now: the headers and deadline timers start running at once.
     *
     * @param label names the attempt in stall reports, e.g. "minimax/MiniMax-M2.7 attempt 2"
     */
    public AttemptWatch watch(StreamTimeouts timeouts, String label) {
        AttemptWatch watch = new AttemptWatch(this, timeouts, label, clock.nanoTime());
        reschedule(watch);
        return watch;
    }

    long now() {
        return clock.nanoTime();
    }

    /** Queues the watch at its current earliest deadline if that is before its queued time. */
    void reschedule(AttemptWatch watch) {
        long at = watch.nextDue().at();
        lock.lock();
        try {
            if (at >= watch.scheduledAt) return;
            watch.scheduledAt = at; // the older entry is now stale and will be skipped
            Entry entry = new Entry(at, watch);
            queue.add(entry);
            if (queue.peek() == entry) changed.signal();
        } finally {
            lock.unlock();
        }
    }

    void released() {
        lock.lock();
        try {
            released++;
            // here too, not only when a timer is due: with long timers the loop may sleep for minutes
            // while thousands of finished attempts' entries keep their streams and buffers reachable
            purgeIfMostlyDead();
        } finally {
            lock.unlock();
        }
    }

    void runAbort(Runnable abort) {
        if (abort != null) aborts.execute(abort);
    }

    /** Fires every due timer. Returns how many fired. */
    public int runDue() {
        List<Firing> due = new ArrayList<>();
        long now = clock.nanoTime();
        lock.lock();
        try {
            Entry head;
            while ((head = queue.peek()) != null && head.at() <= now) {
                queue.poll();
                AttemptWatch w = head.watch();
                if (w.isDone() || head.at() != w.scheduledAt) continue;
                AttemptWatch.Due next = w.nextDue();
                if (next.at() <= now) {
                    w.scheduledAt = Long.MAX_VALUE;
                    due.add(new Firing(w, next));
                } else {
                    w.scheduledAt = next.at();
                    queue.add(new Entry(next.at(), w));
                }
            }
            purgeIfMostlyDead();
        } finally {
            lock.unlock();
        }
        int fired = 0;
        for (Firing f : due) {
            if (f.watch().fire(f.due(), now)) fired++;
        }
        return fired;
    }

    /** Entries queued (live and not yet skipped); for tests. */
    int queued() {
        lock.lock();
        try {
            return queue.size();
        } finally {
            lock.unlock();
        }
    }

    private void purgeIfMostlyDead() {
        if (released >= PURGE_MIN && released * 2 >= queue.size()) {
            queue.removeIf(e -> e.watch().isDone() || e.at() != e.watch().scheduledAt);
            released = 0;
        }
    }

    private void loop() {
        while (running) {
            runDue();
            lock.lock();
            try {
                Entry head = queue.peek();
                if (!running) break;
                if (head == null) changed.await();
                else {
                    long wait = head.at() - clock.nanoTime();
                    if (wait > 0) changed.awaitNanos(wait);
                }
            } catch (InterruptedException e) {
                return;
            } finally {
                lock.unlock();
            }
        }
    }

    /** Stops the thread. Watches still open never fire afterwards. Not for {@link #shared()}. */
    @Override
    public void close() {
        if (shared) throw new IllegalStateException("the shared watchdog lives as long as the process");
        running = false;
        lock.lock();
        try {
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        if (thread != null) {
            try {
                thread.join(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}

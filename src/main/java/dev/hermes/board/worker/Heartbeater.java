package dev.hermes.board.worker;

import dev.hermes.board.BoardStore;
import dev.hermes.board.Claim;
import dev.hermes.board.WriteResult;
import dev.hermes.util.MonotonicClock;
import dev.hermes.util.Sleeper;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * Keeps a worker's lease alive while, and only while, the worker shows signs of life.
 *
 * <p>{@link #onActivity()} is called by the agent on every stream event and tool call (and by
 * tools through {@code ToolContext.onActivity}); it only records a timestamp, so it is cheap and
 * safe from any thread. A background virtual thread wakes every {@code lease / 3} and renews the
 * lease (to database-now + {@code lease}) when there was activity since the last renewal: a slow
 * model call that is still streaming keeps its lease, a hung process (no activity) lets it lapse,
 * and the reaper takes the task back.
 *
 * <p><b>Self-fencing:</b> when a renewal is rejected (the claim was reclaimed or force-completed),
 * or no renewal has landed for a whole lease, {@code onLost} runs once with the reason. The
 * worker stops there (the default in {@link WorkerSupport} ends the process), so a worker that
 * cannot hold its claim never outlives it by more than one lease: that is what lets the board
 * hand the task out again after one more lease length even when the reaper could not kill it.
 *
 * <p>Thread-safe. {@link #close()} stops the thread; it does not touch the lease.
 */
public final class Heartbeater implements AutoCloseable {

    private final BoardStore store;
    private final Claim claim;
    private final Duration lease;
    private final Duration interval;
    private final MonotonicClock clock;
    private final Sleeper sleeper;
    private final Consumer<String> onLost;
    private final AtomicBoolean lost = new AtomicBoolean();
    private volatile boolean closed;
    private volatile long lastActivity;
    private volatile long lastRenewal;
    private volatile Thread thread;

    public Heartbeater(BoardStore store, Claim claim, Duration lease, MonotonicClock clock, Sleeper sleeper,
                       Consumer<String> onLost) {
        this.store = Objects.requireNonNull(store, "store");
        this.claim = Objects.requireNonNull(claim, "claim");
        this.lease = Objects.requireNonNull(lease, "lease");
        this.interval = lease.dividedBy(3).isZero() ? Duration.ofMillis(1) : lease.dividedBy(3);
        this.clock = clock;
        this.sleeper = sleeper;
        this.onLost = onLost;
        long now = clock.nanoTime();
        // the dispatcher set the lease when it claimed: that counts as the first renewal
        this.lastRenewal = now;
        this.lastActivity = now - 1;
    }

    /** Starts the background renewal thread. Idempotent. */
    public synchronized Heartbeater start() {
        if (thread == null) {
            thread = Thread.ofVirtual().name("kanban-heartbeat-" + claim.taskId()).start(this::loop);
        }
        return this;
    }

    /** Records that the worker is alive and working. Never blocks, never throws. */
    public void onActivity() {
        lastActivity = clock.nanoTime();
    }

    /**
     * Renews the lease now (the {@code kanban_heartbeat} tool). A rejection marks the claim lost
     * and runs {@code onLost}.
     */
    public WriteResult beatNow() {
        onActivity();
        return renew();
    }

    /** True once the claim was found lost (rejected renewal, or a whole lease without one). */
    public boolean lost() {
        return lost.get();
    }

    /** The lease length each renewal grants. */
    public Duration lease() {
        return lease;
    }

    private void loop() {
        try {
            while (!lost.get() && !closed) {
                sleeper.sleep(interval);
                if (lastActivity - lastRenewal > 0) {
                    renew();
                } else if (clock.nanoTime() - lastRenewal >= lease.toNanos()) {
                    markLost("no activity and no lease renewal for " + lease.toMillis() + " ms: the lease has lapsed");
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private WriteResult renew() {
        long started = clock.nanoTime();
        WriteResult result;
        try {
            result = store.heartbeat(claim, lease);
        } catch (RuntimeException e) {
            // the database is unreachable: keep trying until the lease itself has lapsed
            if (clock.nanoTime() - lastRenewal >= lease.toNanos()) {
                markLost("could not renew the lease for " + lease.toMillis() + " ms: " + e.getMessage());
            }
            return new WriteResult.Rejected("heartbeat failed: " + e.getMessage());
        }
        switch (result) {
            case WriteResult.Applied a -> lastRenewal = started;
            case WriteResult.Rejected r -> markLost(r.reason());
        }
        return result;
    }

    private void markLost(String reason) {
        // once closed (the worker is finishing the task itself), a rejection is expected, not a loss
        if (!closed && lost.compareAndSet(false, true)) {
            onLost.accept(reason);
        }
    }

    /**
     * Stops renewing. Call it before the worker's finishing write (complete, block), so that a
     * renewal racing with it is not mistaken for a lost claim.
     */
    @Override
    public void close() {
        closed = true;
        Thread t;
        synchronized (this) {
            t = thread;
            thread = null;
        }
        if (t != null) {
            t.interrupt();
        }
    }
}

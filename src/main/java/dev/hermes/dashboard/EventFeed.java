package dev.hermes.dashboard;

import dev.hermes.board.BoardStore;
import dev.hermes.board.TaskEvent;
import dev.hermes.util.Sleeper;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.Consumer;

/**
 * Follows the board's event log for every open page at once: one poll of the store per
 * interval, whatever the number of pages, so changes made by anyone (the CLI, workers, another
 * dispatcher, another machine on PostgreSQL) reach the pages within one interval. Keeps the
 * most recent events so that a page reconnecting with its last event id gets exactly what it
 * missed; one that fell further behind is told to reload the whole board.
 *
 * <p>Threading: {@link #run} is the one polling loop (it survives store errors, backing off, and
 * stops only when interrupted); the other methods are called from request threads.
 */
final class EventFeed implements Runnable {

    /** A page's view of what happened: events in order, or "you missed too much: reload all". */
    sealed interface Update {
        record Events(List<TaskEvent> events) implements Update { }
        record Reload(long latestId) implements Update { }
    }

    private static final int KEPT = 2_000;
    private static final int PAGE = 500;

    private final BoardStore store;
    private final Duration interval;
    private final Sleeper sleeper;
    private final Deque<TaskEvent> recent = new ArrayDeque<>();
    private final List<Consumer<List<TaskEvent>>> listeners = new ArrayList<>();
    private long latestId;
    private volatile String lastError;

    EventFeed(BoardStore store, Duration interval, Sleeper sleeper) {
        this.store = store;
        this.interval = interval;
        this.sleeper = sleeper;
    }

    /** Reads up to the end of the log, so that the first page sees the board as of now. */
    void catchUp() {
        poll();
    }

    synchronized long latestId() {
        return latestId;
    }

    /** The last polling error, or null while the store answers. */
    String lastError() {
        return lastError;
    }

    /**
     * What happened after {@code afterId}, and from then on every new batch to {@code listener}
     * (until {@link #unsubscribe}); atomic, so no event falls between the two.
     */
    synchronized Update subscribe(long afterId, Consumer<List<TaskEvent>> listener) {
        listeners.add(listener);
        if (afterId >= latestId) return new Update.Events(List.of());
        long oldestKept = recent.isEmpty() ? latestId + 1 : recent.peekFirst().id();
        if (afterId < oldestKept - 1) return new Update.Reload(latestId);
        List<TaskEvent> missed = new ArrayList<>();
        for (TaskEvent e : recent) if (e.id() > afterId) missed.add(e);
        return new Update.Events(missed);
    }

    synchronized void unsubscribe(Consumer<List<TaskEvent>> listener) {
        listeners.remove(listener);
    }

    @Override
    public void run() {
        Duration pause = interval;
        while (!Thread.currentThread().isInterrupted()) {
            try {
                poll();
                lastError = null;
                pause = interval;
            } catch (RuntimeException e) {
                lastError = String.valueOf(e.getMessage());
                pause = pause.multipliedBy(2).compareTo(Duration.ofSeconds(10)) > 0 ? Duration.ofSeconds(10)
                        : pause.multipliedBy(2);
            }
            try {
                sleeper.sleep(pause);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void poll() {
        while (true) {
            long after;
            synchronized (this) {
                after = latestId;
            }
            List<TaskEvent> batch = store.eventsAfter(after, PAGE);
            if (batch.isEmpty()) return;
            List<Consumer<List<TaskEvent>>> targets;
            synchronized (this) {
                for (TaskEvent e : batch) {
                    recent.addLast(e);
                    if (recent.size() > KEPT) recent.removeFirst();
                }
                latestId = batch.get(batch.size() - 1).id();
                targets = List.copyOf(listeners);
            }
            targets.forEach(l -> l.accept(batch));
            if (batch.size() < PAGE) return;
        }
    }
}

package dev.hermes.tools;

import dev.hermes.util.MonotonicClock;
import dev.hermes.util.Sleeper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A process and every descendant it has been seen to have. Descendants are remembered as they
 * are seen ({@link #track}), because a child whose parent dies is re-parented and no longer shows
 * up in {@link ProcessHandle#descendants()}. Not thread-safe: one tool thread owns it.
 */
final class ProcessTree {

    private static final Duration STEP = Duration.ofMillis(10);
    /** How long to wait for SIGKILLed processes to disappear. */
    private static final Duration AFTER_KILL = Duration.ofSeconds(2);

    private final Set<ProcessHandle> seen = new LinkedHashSet<>();
    private final MonotonicClock clock;
    private final Sleeper sleeper;

    ProcessTree(ProcessHandle root, MonotonicClock clock, Sleeper sleeper) {
        this.clock = clock;
        this.sleeper = sleeper;
        seen.add(root);
    }

    /** Adds the current descendants of every live member. */
    void track() {
        for (ProcessHandle handle : List.copyOf(seen)) {
            if (handle.isAlive()) handle.descendants().forEach(seen::add);
        }
    }

    /**
     * SIGTERM to the whole tree, SIGKILL to whatever survives {@code grace}. Signals are repeated
     * while new descendants appear, since a shell may start its next command as the previous one
     * dies. Returns when every member is gone, or after a bounded wait if one will not die.
     */
    void kill(Duration grace) throws InterruptedException {
        signalAll(false);
        if (!awaitGone(grace)) {
            signalAll(true);
            awaitGone(AFTER_KILL);
        }
    }

    /** True when no member of the tree is alive. */
    boolean gone() {
        return seen.stream().noneMatch(ProcessTree::alive);
    }

    private void signalAll(boolean force) throws InterruptedException {
        for (int round = 0; round < 5; round++) {
            track();
            int before = seen.size();
            for (ProcessHandle handle : seen) {
                if (!alive(handle)) continue;
                if (force) handle.destroyForcibly();
                else handle.destroy();
            }
            sleeper.sleep(STEP);
            track();
            if (seen.size() == before) return;
        }
    }

    private boolean awaitGone(Duration bound) throws InterruptedException {
        long start = clock.nanoTime();
        while (!gone()) {
            if (clock.nanoTime() - start >= bound.toNanos()) return false;
            track();
            sleeper.sleep(STEP);
        }
        return true;
    }

    /** Alive and not a zombie: an orphan is reaped by init, which may be slow to do it. */
    static boolean alive(ProcessHandle handle) {
        if (!handle.isAlive()) return false;
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(handle.pid()), "stat"));
            int close = stat.lastIndexOf(')');
            return close < 0 || close + 2 >= stat.length() || stat.charAt(close + 2) != 'Z';
        } catch (IOException e) {
            return handle.isAlive(); // no /proc (not Linux), or the process just vanished
        }
    }
}

package dev.hermes.board.dispatch;

import dev.hermes.util.MonotonicClock;
import dev.hermes.util.Sleeper;

import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Kills a worker process and everything it started: SIGTERM to the whole tree, then SIGKILL to
 * whatever survives the grace period, then a bounded wait to see every member gone. Descendants
 * are collected before and during the kill, since a child whose parent dies is re-parented and no
 * longer shows up under it.
 */
public final class Reaper {

    private static final Duration STEP = Duration.ofMillis(10);
    private static final Duration AFTER_KILL = Duration.ofSeconds(2);

    private final MonotonicClock clock;
    private final Sleeper sleeper;

    public Reaper(MonotonicClock clock, Sleeper sleeper) {
        this.clock = clock;
        this.sleeper = sleeper;
    }

    /** Kills the tree rooted at {@code root}; true when every member is verified dead. */
    public boolean kill(ProcessHandle root, Duration grace) throws InterruptedException {
        if (root.pid() == ProcessHandle.current().pid()) {
            throw new IllegalArgumentException("refusing to kill the dispatcher itself");
        }
        Set<ProcessHandle> tree = new LinkedHashSet<>();
        tree.add(root);
        collect(tree);
        tree.forEach(ProcessHandle::destroy);
        if (awaitGone(tree, grace)) return true;
        collect(tree);
        tree.forEach(ProcessHandle::destroyForcibly);
        return awaitGone(tree, AFTER_KILL);
    }

    private static void collect(Set<ProcessHandle> tree) {
        for (ProcessHandle h : Set.copyOf(tree)) {
            if (h.isAlive()) h.descendants().forEach(tree::add);
        }
    }

    /**
     * Alive and not a zombie: an orphan is reaped by init (or nobody, in some containers), and a
     * killed child stays a zombie until its parent (the JDK's reaper thread) collects it.
     */
    public static boolean alive(ProcessHandle h) {
        if (!h.isAlive()) return false;
        try {
            String stat = java.nio.file.Files.readString(java.nio.file.Path.of("/proc", Long.toString(h.pid()), "stat"));
            return stat.charAt(stat.lastIndexOf(')') + 2) != 'Z';
        } catch (java.io.IOException | RuntimeException e) {
            return !java.nio.file.Files.isDirectory(java.nio.file.Path.of("/proc/self")) && h.isAlive();
        }
    }

    private boolean awaitGone(Set<ProcessHandle> tree, Duration bound) throws InterruptedException {
        long start = clock.nanoTime();
        while (tree.stream().anyMatch(Reaper::alive)) {
            if (clock.nanoTime() - start >= bound.toNanos()) return false;
            collect(tree);
            sleeper.sleep(STEP);
        }
        return true;
    }
}

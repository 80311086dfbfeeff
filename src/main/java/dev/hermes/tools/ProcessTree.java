package dev.hermes.tools;

import dev.hermes.util.MonotonicClock;
import dev.hermes.util.Sleeper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * A process and every descendant it has been seen to have. Descendants are remembered as they
 * are seen ({@link #track}), because a child whose parent dies is re-parented and no longer shows
 * up in {@link ProcessHandle#descendants()}; when the root leads its own session (started by
 * {@code setsid}), every process of that session is added at kill time too, which catches
 * children that were started and orphaned between two looks, including jobs that a shell with job
 * control ({@code set -m}) put in process groups of their own: a new process group stays in its
 * session. Only a process that starts a session of its own ({@code setsid}, a daemon's double
 * fork) and is orphaned before it is seen escapes. Not thread-safe: one tool thread owns it.
 */
public final class ProcessTree {

    private static final Duration STEP = Duration.ofMillis(10);
    /** How long to wait for SIGKILLed processes to disappear. */
    private static final Duration AFTER_KILL = Duration.ofSeconds(2);

    private final ProcessHandle root;
    private final boolean sessionLeader;
    private final Set<ProcessHandle> seen = new LinkedHashSet<>();
    private final MonotonicClock clock;
    private final Sleeper sleeper;

    /**
     * @param sessionLeader true when {@code root} was started as the leader of its own session
     *                      (by {@code setsid}): members of that session are then found even after
     *                      their parent died, which {@link ProcessHandle#descendants()} cannot do
     */
    public ProcessTree(ProcessHandle root, boolean sessionLeader, MonotonicClock clock, Sleeper sleeper) {
        this.root = root;
        this.sessionLeader = sessionLeader;
        this.clock = clock;
        this.sleeper = sleeper;
        seen.add(root);
    }

    /** Adds the current descendants of every live member. */
    public void track() {
        for (ProcessHandle handle : List.copyOf(seen)) {
            if (handle.isAlive()) handle.descendants().forEach(seen::add);
        }
    }

    /**
     * SIGTERM to the whole tree, SIGKILL to whatever survives {@code grace}. Signals are repeated
     * while new descendants appear, since a shell may start its next command as the previous one
     * dies. Returns when every member is gone, or after a bounded wait if one will not die.
     */
    public void kill(Duration grace) throws InterruptedException {
        signalAll(false);
        if (!awaitGone(grace)) {
            signalAll(true);
            awaitGone(AFTER_KILL);
        }
    }

    /** True when no member of the tree is alive. */
    public boolean gone() {
        return seen.stream().noneMatch(ProcessTree::alive);
    }

    private void signalAll(boolean force) throws InterruptedException {
        for (int round = 0; round < 5; round++) {
            track();
            if (sessionLeader) seen.addAll(sessionMembers(root.pid()));
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

    /** Processes whose session is {@code sid}, from /proc (empty where there is no /proc). */
    static List<ProcessHandle> sessionMembers(long sid) {
        List<ProcessHandle> members = new ArrayList<>();
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            for (Path proc : procs.toList()) {
                String name = proc.getFileName().toString();
                if (!name.chars().allMatch(Character::isDigit)) continue;
                String[] fields = statFields(Path.of("/proc", name, "stat"));
                // after "pid (comm)": state, ppid, pgrp, session
                if (fields.length > 3 && fields[3].equals(Long.toString(sid))) {
                    ProcessHandle.of(Long.parseLong(name)).ifPresent(members::add);
                }
            }
        } catch (IOException e) {
            return members;
        }
        return members;
    }

    /** The fields after the command name in a /proc stat line; empty if the process is gone. */
    private static String[] statFields(Path stat) {
        try {
            String line = Files.readString(stat);
            return line.substring(line.lastIndexOf(')') + 2).split(" ");
        } catch (IOException | RuntimeException e) {
            return new String[0];
        }
    }

    /** Alive and not a zombie: an orphan is reaped by init, which may be slow to do it. */
    public static boolean alive(ProcessHandle handle) {
        if (!handle.isAlive()) return false;
        if (!Files.isDirectory(Path.of("/proc/self"))) return true; // not Linux: trust isAlive
        String[] fields = statFields(Path.of("/proc", Long.toString(handle.pid()), "stat"));
        return fields.length > 0 && !fields[0].equals("Z");
    }
}

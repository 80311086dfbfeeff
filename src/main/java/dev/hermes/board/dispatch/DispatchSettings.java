package dev.hermes.board.dispatch;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * How a dispatcher runs.
 *
 * @param board         the board location handed to workers (SQLite path or PostgreSQL URL)
 * @param boardDir      holds {@code workspaces/<task>} and {@code logs/<task>.log}
 * @param maxWorkers    host-wide cap on live workers of this dispatcher
 * @param maxPerProfile cap on live workers per assignee profile
 * @param lease         lease granted at claim and by each renewal
 * @param killGrace     SIGTERM to SIGKILL wait when killing a worker
 * @param tick          pause between ticks in watch mode
 */
public record DispatchSettings(String board, Path boardDir, int maxWorkers, int maxPerProfile, Duration lease,
                               Duration killGrace, Duration tick) {

    public static final Duration DEFAULT_LEASE = Duration.ofMinutes(5);
    public static final Duration DEFAULT_KILL_GRACE = Duration.ofSeconds(5);
    public static final Duration DEFAULT_TICK = Duration.ofSeconds(5);

    public DispatchSettings {
        Objects.requireNonNull(board, "board");
        Objects.requireNonNull(boardDir, "boardDir");
        if (maxWorkers < 1 || maxPerProfile < 1) {
            throw new IllegalArgumentException("kanban.max_workers and kanban.max_workers_per_profile must be >= 1");
        }
        for (Duration d : new Duration[] {lease, killGrace, tick}) {
            if (d.isNegative() || d.isZero()) throw new IllegalArgumentException("durations must be positive: " + d);
        }
    }

    /**
     * The default host-wide cap: one worker per processor and per GiB of physical memory (a
     * worker is a JVM), whichever is fewer, kept between 2 and 8.
     */
    public static int defaultMaxWorkers() {
        int cpus = Runtime.getRuntime().availableProcessors();
        long gib = Long.MAX_VALUE;
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            gib = os.getTotalMemorySize() >> 30;
        }
        return (int) Math.max(2, Math.min(8, Math.min(cpus, gib)));
    }

    public Path workspace(String task) {
        return boardDir.resolve("workspaces").resolve(task);
    }

    public Path logFile(String task) {
        return boardDir.resolve("logs").resolve(task + ".log");
    }
}

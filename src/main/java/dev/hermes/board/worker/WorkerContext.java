package dev.hermes.board.worker;

import dev.hermes.board.Claim;
import dev.hermes.board.Claimant;
import dev.hermes.board.TaskId;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What a worker process learns from the dispatcher through its environment: which task, run and
 * claim it works under, where the board is, and how long its lease is. The claim token
 * ({@code claimant} + {@code attempt}) is what every fenced write names.
 *
 * @param board     the board location: a SQLite file path or a {@code postgresql://} URL
 * @param workspace the task's workspace directory (the worker's working directory)
 */
public record WorkerContext(TaskId task, long runId, String claimant, long attempt, String board, Duration lease,
                            Path workspace) {

    public static final String TASK = "HERMES_KANBAN_TASK";
    public static final String RUN = "HERMES_KANBAN_RUN";
    public static final String CLAIMANT = "HERMES_KANBAN_CLAIMANT";
    public static final String ATTEMPT = "HERMES_KANBAN_ATTEMPT";
    public static final String BOARD = "HERMES_KANBAN_BOARD";
    public static final String LEASE_MS = "HERMES_KANBAN_LEASE_MS";
    public static final String WORKSPACE = "HERMES_KANBAN_WORKSPACE";

    public WorkerContext {
        Objects.requireNonNull(task, "task");
        Objects.requireNonNull(claimant, "claimant");
        Objects.requireNonNull(board, "board");
        Objects.requireNonNull(lease, "lease");
        Objects.requireNonNull(workspace, "workspace");
    }

    /** The context of this process, or null when it was not started as a kanban worker. */
    public static WorkerContext fromEnvironment() {
        return fromEnvironment(System.getenv());
    }

    /**
     * The context from {@code env}, or null when {@value #TASK} is unset.
     *
     * @throws IllegalArgumentException naming the variable that is missing or malformed
     */
    public static WorkerContext fromEnvironment(Map<String, String> env) {
        String task = env.get(TASK);
        if (task == null || task.isBlank()) return null;
        return new WorkerContext(TaskId.of(task.strip()), number(env, RUN), required(env, CLAIMANT),
                number(env, ATTEMPT), required(env, BOARD), Duration.ofMillis(number(env, LEASE_MS)),
                Path.of(env.getOrDefault(WORKSPACE, ".")).toAbsolutePath());
    }

    /** The variables that hand this context to a worker process. */
    public Map<String, String> toEnvironment() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put(TASK, task.value());
        env.put(RUN, Long.toString(runId));
        env.put(CLAIMANT, claimant);
        env.put(ATTEMPT, Long.toString(attempt));
        env.put(BOARD, board);
        env.put(LEASE_MS, Long.toString(lease.toMillis()));
        env.put(WORKSPACE, workspace.toString());
        return env;
    }

    /**
     * The claim to fence writes with. Only the task, claimant id and attempt are compared by the
     * store; host, pid and lease end are informational and filled with this process's values.
     */
    public Claim claim() {
        return new Claim(task, attempt, new Claimant(claimant, "worker", ProcessHandle.current().pid()), Instant.EPOCH,
                runId);
    }

    private static String required(Map<String, String> env, String name) {
        String v = env.get(name);
        if (v == null || v.isBlank()) {
            throw new IllegalArgumentException("kanban worker environment: " + name + " is missing (" + TASK
                    + " is set, so the dispatcher must set " + name + " too)");
        }
        return v.strip();
    }

    private static long number(Map<String, String> env, String name) {
        String v = required(env, name);
        try {
            long n = Long.parseLong(v);
            if (n < 1) throw new NumberFormatException();
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("kanban worker environment: " + name + " must be a positive integer, got '"
                    + v + "'");
        }
    }
}

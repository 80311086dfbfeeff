package dev.hermes.board.dispatch;

import dev.hermes.board.Task;

import java.util.Map;

/**
 * Checks, before a worker is started, that the task's assignee profile can run one: that the
 * profile exists, its config.yaml parses and every route's key resolves in the environment the
 * worker will have. A configuration problem is not the task's failure: the task waits, with the
 * reason on the board, until someone fixes the profile.
 */
@FunctionalInterface
public interface WorkerPreflight {

    /** What the dispatcher does with a ready task. */
    sealed interface Verdict {
        /** Start the worker. */
        record Go() implements Verdict {
        }

        /** Leave the task ready, with this reason on the board (no failure counted). */
        record Wait(String reason) implements Verdict {
        }

        /** The worker cannot be started at all (an unknown profile): record spawn_failed. */
        record Fail(String reason) implements Verdict {
        }
    }

    Verdict.Go GO = new Verdict.Go();

    /** Every task may start: for tests of the dispatcher's other duties. */
    WorkerPreflight NONE = (task, environment) -> GO;

    /**
     * @param environment the environment the task's worker would get (without its claim variables,
     *                    but with {@code HERMES_KANBAN_TASK})
     */
    Verdict check(Task task, Map<String, String> environment);
}

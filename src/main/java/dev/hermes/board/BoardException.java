package dev.hermes.board;

import dev.hermes.exit.ExitCodes;
import dev.hermes.exit.ExitStatus;

/** A board operation that cannot be done; the message names the task and the reason. */
public sealed class BoardException extends RuntimeException implements ExitStatus
        permits BoardException.UnknownTask, BoardException.IllegalTransition, BoardException.Cycle,
        BoardException.Storage {

    @Override
    public int exitCode() {
        return ExitCodes.BOARD;
    }

    private static final long serialVersionUID = 1L;

    BoardException(String message, Throwable cause) {
        super(message, cause);
    }

    /** No task has this id on this board. */
    public static final class UnknownTask extends BoardException {
        private static final long serialVersionUID = 1L;

        public UnknownTask(TaskId id) {
            super("unknown task " + id, null);
        }
    }

    /** The task's status does not allow the operation. */
    public static final class IllegalTransition extends BoardException {
        private static final long serialVersionUID = 1L;

        public IllegalTransition(TaskId id, TaskStatus from, String attempted) {
            super("task " + id + " is " + from.sql() + ": cannot " + attempted, null);
        }
    }

    /** Adding the link would make the task graph cyclic; the message spells out the cycle. */
    public static final class Cycle extends BoardException {
        private static final long serialVersionUID = 1L;

        public Cycle(String cycle) {
            super("link refused, it would create a cycle: " + cycle, null);
        }
    }

    /** The database failed (locked past the busy timeout, connection lost, ...). */
    public static final class Storage extends BoardException {
        private static final long serialVersionUID = 1L;

        public Storage(String message, Throwable cause) {
            super(message, cause);
        }
    }
}

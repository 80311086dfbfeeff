package dev.hermes.sim;

/**
 * One step of a simulated answer as it is streamed. {@link Text} and {@link ToolArgs} are content
 * chunks: the ones counted by {@code after=N} fault parameters.
 */
sealed interface Piece {

    /** A run of answer text. */
    record Text(String text) implements Piece {
    }

    /** The start of tool call {@code index} (its id and name, no arguments yet). */
    record ToolStart(int index, String id, String name) implements Piece {
    }

    /** A fragment of tool call {@code index}'s JSON arguments. */
    record ToolArgs(int index, String fragment) implements Piece {
    }

    default boolean isContent() {
        return switch (this) {
            case Text t -> true;
            case ToolArgs a -> true;
            case ToolStart s -> false;
        };
    }
}

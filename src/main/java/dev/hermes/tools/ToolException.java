package dev.hermes.tools;

/**
 * An expected tool failure whose message is written for the model (and the user): it names the
 * path, argument or pattern at fault and says what was (not) changed.
 */
public final class ToolException extends Exception {
    public ToolException(String message) {
        super(message);
    }
}

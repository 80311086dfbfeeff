package dev.hermes.doctor;

/**
 * The outcome of {@code --deep}: one tiny real chat request (max_tokens 8).
 *
 * @param severity OK when the model answered
 * @param detail   plain words: the start of the answer, or the model's error
 */
public record Deep(Severity severity, String detail) {
}

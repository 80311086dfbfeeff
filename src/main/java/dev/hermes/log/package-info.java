/**
 * What leaves the process for a person or a file: the rotating logs ({@link dev.hermes.log.EventLog}),
 * and the two filters every output passes through.
 *
 * <pre>
 *   text --Redactor (known secret values, key shapes)--> --ScreenText (control characters escaped)--> screen
 *   streamed deltas --StreamRedactor (holds a possible split key)--> the same
 * </pre>
 *
 * {@link dev.hermes.log.SecretNames} is the one rule for which variables hold secrets (shared with
 * {@code bin/hermes}). docs/security.md says what is protected, how, and what is not.
 */
package dev.hermes.log;

/**
 * The fault-injecting provider simulator behind {@code hermes sim} and the resilience tests.
 *
 * <pre>
 *   socket --RawHttp--> SimServer.route --ModelRoute--> FaultSpec (from the model name)
 *                                          |             + SimScript turn (scripted:NAME)
 *                                          |             + Answer (canonical text / tool calls, minus prefill)
 *                                          +--> ModelCall.play --SseEncoder (chat_completions | anthropic)--> bytes
 *                                          +--> AttemptLog (GET /_sim/log, SimServer.attempts())
 * </pre>
 *
 * The answer text never depends on the fault ({@link dev.hermes.sim.SimServer#canonicalAnswer}),
 * so tests can assert that a client delivered exactly it across retries and failovers.
 * Nothing here depends on the project's own clients. Faults and formats: docs/simulator.md.
 */
package dev.hermes.sim;

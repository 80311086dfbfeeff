/**
 * Streaming support: per-attempt timeouts and the process-wide watchdog that aborts stalled
 * attempts.
 *
 * <pre>
 *   TimeoutOverrides (global &lt; provider &lt; model) --resolve--> StreamTimeouts
 *   StreamWatchdog.watch(timeouts) --> AttemptWatch (AttemptListener + onEvent) --fires--> abort + FiredTimer
 * </pre>
 */
package dev.hermes.stream;

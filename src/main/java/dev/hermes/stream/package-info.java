/**
 * Streams below the wire format and above it: the byte-level SSE reader, the assembler that turns
 * provider-neutral stream events into a response (or a partial output after a cut), and the
 * per-attempt timeouts with the process-wide watchdog that aborts stalled attempts.
 *
 * <pre>
 *   body bytes --SseReader--> SseItem (Event | Comment) --wire translator--> StreamEvent
 *   StreamEvent* --StreamAssembler--> ChatResponse (finished) | PartialOutput (cut)
 *   config.Timeouts (model &gt; provider &gt; global &gt; env &gt; default) --ProviderSettings.timeouts--> StreamTimeouts
 *   StreamWatchdog.watch(timeouts) --> AttemptWatch (AttemptListener + onEvent) --fires--> abort + FiredTimer
 * </pre>
 *
 * It depends on no provider type: wire clients report to {@code provider.WireListener}, which is an
 * {@link dev.hermes.stream.AttemptListener} plus the key sent.
 */
package dev.hermes.stream;

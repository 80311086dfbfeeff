/**
 * Streams below the wire format and above it: the byte-level SSE reader, and the assembler that
 * turns provider-neutral stream events into a response (or a partial output after a cut).
 *
 * <pre>
 *   body bytes --SseReader--> SseItem (Event | Comment) --wire translator--> StreamEvent
 *   StreamEvent* --StreamAssembler--> ChatResponse (finished) | PartialOutput (cut)
 * </pre>
 */
package dev.hermes.stream;

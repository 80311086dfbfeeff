/**
 * The provider-neutral model of a conversation with an LLM: messages and content blocks, tool
 * definitions, requests, assembled responses, and the sealed family of {@link dev.hermes.llm.StreamEvent}s
 * that every wire client produces.
 *
 * <pre>
 *   ChatRequest --wire client--> StreamEvent* --assembler--> ChatResponse
 * </pre>
 *
 * Nothing here knows about HTTP, providers or failover.
 */
package dev.hermes.llm;

/**
 * The agent: the tool-calling conversation loop, sessions, skills, and the chat front ends.
 *
 * <pre>
 *   user message --&gt; ConversationLoop --ModelTurn--&gt; ModelCaller (resilient; always ends)
 *                        |   ^                 (continues cut text, re-asks cut tool calls)
 *                        v   |
 *                   ToolDispatcher --&gt; ToolRunner (read-only calls in parallel)
 *                        |
 *                        +--&gt; Transcript (SessionWriter: JSONL, one fsync'd line per event;
 *                        |                 a listener of the model calls' CallEvents for attempts)
 *                        +--&gt; AgentObserver (TextPrinter, StreamJsonPrinter, InteractiveChat)
 *                        +--&gt; EventLog (agent.log / errors.log, with the session id)
 *   before each model call: ProactiveCompressor (over the threshold of the ContextWindow, as
 *   TokenCounter estimates it: the middle becomes one summary, SummaryPrompt; else trimming)
 * </pre>
 *
 * Tools of MCP servers come from {@link dev.hermes.mcp}, offered like any other toolset.
 *
 * {@link dev.hermes.agent.AgentRuntime} wires it all from the configuration for {@code hermes chat}.
 */
package dev.hermes.agent;

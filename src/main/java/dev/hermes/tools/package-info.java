/**
 * The agent's tools, confined to a {@link dev.hermes.tools.Workspace}.
 *
 * <pre>
 *   ToolUse(id, name, argumentsJson)
 *      |  ToolRunner: find tool (unknown -> error listing tools)
 *      |              parse + check arguments against the schema (invalid -> error, nothing run)
 *      v
 *   Tool.run(args, ToolContext{Workspace, ApprovalPolicy, CancelSignal, onActivity})
 *      |  on a thread of its own; the call's CancelSignal = Ctrl-C or the tool deadline
 *      |  every path through Workspace.resolve (escapes and outward symlinks refused),
 *      |  then opened through ConfinedFiles (openat, no link followed below the root)
 *      |  text decoded by TextFiles (UTF-8, else ISO-8859-1: the bytes round-trip)
 *      v
 *   ToolOutcome(content, isError) --cap--> ToolResult(id, content, isError)
 * </pre>
 *
 * Toolsets ("file", "terminal") build a {@link dev.hermes.tools.ToolRegistry}; docs/tools.md
 * describes each tool, its limits, and the terminal approval policy.
 */
package dev.hermes.tools;

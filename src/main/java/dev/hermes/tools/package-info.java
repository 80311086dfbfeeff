/**
 * The agent's tools, confined to a {@link dev.hermes.tools.Workspace}.
 *
 * <pre>
 *   ToolUse(id, name, argumentsJson)
 *      |  ToolRunner: find tool (unknown -> error listing tools)
 *      |              parse + check arguments against the schema (invalid -> error, nothing run)
 *      v
 *   Tool.run(args, ToolContext{Workspace, ApprovalPolicy, CancelSignal, onActivity})
 *      |  every path through Workspace.resolve (escapes and outward symlinks refused;
 *      |  secret locations, ProtectedPaths, only with the user's approval: ApprovalPolicy)
 *      v
 *   ToolOutcome(content, isError) --cap, redact--> ToolResult(id, content, isError)
 * </pre>
 *
 * Toolsets ("file", "terminal") build a {@link dev.hermes.tools.ToolRegistry}; docs/tools.md
 * describes each tool, its limits, and the terminal approval policy; docs/security.md what is
 * protected from a model.
 */
package dev.hermes.tools;

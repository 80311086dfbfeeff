/**
 * Tools from MCP servers ({@code mcp_servers} in config.yaml), through the official MCP Java SDK.
 *
 * <p>{@link dev.hermes.mcp.McpServers} starts the configured servers of a session in parallel,
 * each bounded by its {@code connect_timeout}, and offers their tools as
 * {@code mcp_<server>_<tool>} ({@link dev.hermes.mcp.McpTool}). {@link dev.hermes.mcp.McpServer}
 * owns one server: its connection, a call bounded by {@code timeout}, and a restart after the
 * server crashed or hung. A stdio server runs as its own process group with only the environment
 * the config names plus safe defaults ({@link dev.hermes.mcp.ChildEnvironment}); closing the
 * session kills the group.
 */
package dev.hermes.mcp;

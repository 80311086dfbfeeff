package dev.hermes.mcp;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hermes.llm.ToolDefinition;
import dev.hermes.tools.Tool;
import dev.hermes.tools.ToolContext;
import dev.hermes.tools.ToolOutcome;
import dev.hermes.util.Json;
import io.modelcontextprotocol.spec.McpSchema;

import java.util.Locale;
import java.util.Map;

/**
 * One tool of an MCP server, offered as {@code mcp_<server>_<tool>} (the original's naming;
 * characters a provider would refuse become {@code _}) with the server's own description and
 * input schema. Read-only when the server says so ({@code readOnlyHint}), so such calls may run
 * in parallel.
 */
public final class McpTool implements Tool {

    /** Providers accept tool names of at most 64 characters. */
    static final int MAX_NAME = 64;

    private final McpServer server;
    private final String remoteName;
    private final ToolDefinition definition;
    private final boolean readOnly;

    McpTool(McpServer server, McpSchema.Tool tool) {
        this.server = server;
        this.remoteName = tool.name();
        String description = tool.description() == null || tool.description().isBlank()
                ? tool.title() == null ? tool.name() : tool.title() : tool.description();
        this.definition = new ToolDefinition(name(server.name(), tool.name()),
                "[MCP server " + server.name() + "] " + description, schema(tool.inputSchema()));
        this.readOnly = tool.annotations() != null && Boolean.TRUE.equals(tool.annotations().readOnlyHint());
    }

    /** {@code mcp_<server>_<tool>}, with anything but letters, digits and {@code _} made {@code _}. */
    public static String name(String server, String tool) {
        String n = "mcp_" + safe(server) + "_" + safe(tool);
        return n.length() > MAX_NAME ? n.substring(0, MAX_NAME) : n;
    }

    private static String safe(String s) {
        return s.replaceAll("[^A-Za-z0-9_]", "_");
    }

    @Override
    public ToolDefinition definition() {
        return definition;
    }

    @Override
    public boolean readOnly() {
        return readOnly;
    }

    @Override
    public ToolOutcome run(JsonNode arguments, ToolContext context) throws InterruptedException {
        Map<String, Object> args = Json.MAPPER.convertValue(arguments, new TypeReference<Map<String, Object>>() { });
        return server.call(remoteName, args, context.cancel()::isCancelled, context.onActivity());
    }

    /** The server's input schema as a JSON object schema (some servers leave out type or properties). */
    private static String schema(Map<String, Object> input) {
        ObjectNode node = input == null ? Json.MAPPER.createObjectNode() : Json.MAPPER.valueToTree(input);
        if (!node.has("type")) node.put("type", "object");
        if (!node.has("properties")) node.putObject("properties");
        try {
            return Json.MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a schema read from JSON is writable as JSON", e);
        }
    }

    @Override
    public String toString() {
        return definition.name().toLowerCase(Locale.ROOT);
    }
}

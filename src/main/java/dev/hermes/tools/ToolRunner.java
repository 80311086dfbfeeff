package dev.hermes.tools;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.hermes.llm.ContentBlock;
import dev.hermes.log.Redactor;
import dev.hermes.util.Json;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Runs the model's tool calls: finds the tool, parses and checks the argument JSON against its
 * schema, runs it, caps the output. Every failure becomes an error result for the model; nothing
 * is executed when the tool is unknown or the arguments are invalid. Thread-safe: read-only tools
 * may be run from several threads at once.
 */
public final class ToolRunner {

    /** Above read_file's own 256 KiB budget, so this cap is only a safety net. */
    public static final int DEFAULT_MAX_OUTPUT_BYTES = 300 * 1024;

    private final ToolRegistry registry;
    private final int maxOutputBytes;
    private final Map<String, JsonNode> schemas = new ConcurrentHashMap<>();

    public ToolRunner(ToolRegistry registry) {
        this(registry, DEFAULT_MAX_OUTPUT_BYTES);
    }

    public ToolRunner(ToolRegistry registry, int maxOutputBytes) {
        this.registry = registry;
        this.maxOutputBytes = maxOutputBytes;
    }

    /** Runs one call and answers it with a result carrying the call's id. */
    public ContentBlock.ToolResult run(ContentBlock.ToolUse call, ToolContext context) throws InterruptedException {
        ToolOutcome outcome = execute(call.name(), call.argumentsJson(), context);
        return new ContentBlock.ToolResult(call.id(), outcome.content(), outcome.isError());
    }

    /**
     * Runs a tool by name.
     *
     * @throws InterruptedException when the thread is interrupted (the agent is stopping); the tool
     *                              has cleaned up (killed its processes) before this is thrown
     */
    public ToolOutcome execute(String name, String argumentsJson, ToolContext context) throws InterruptedException {
        Tool tool = registry.find(name).orElse(null);
        if (tool == null) {
            return ToolOutcome.error("unknown tool '" + name + "'; available tools: " + String.join(", ", registry.names()));
        }
        ToolOutcome outcome;
        try {
            JsonNode args = ArgumentValidator.parse(name, schema(tool), argumentsJson);
            outcome = tool.run(args, context);
        } catch (ToolException e) {
            outcome = ToolOutcome.error(e.getMessage());
        } catch (IOException e) {
            outcome = ToolOutcome.error(name + " failed: " + e.getClass().getSimpleName() + ": " + e.getMessage());
        } catch (RuntimeException e) {
            outcome = ToolOutcome.error(name + " failed unexpectedly: " + e);
        }
        // before the model or the session sees it: a secret read by any tool stops here
        return new ToolOutcome(Redactor.redact(Utf8.capHead(outcome.content(), maxOutputBytes)), outcome.isError());
    }

    private JsonNode schema(Tool tool) {
        return schemas.computeIfAbsent(tool.name(), n -> {
            try {
                return Json.MAPPER.readTree(tool.definition().parametersSchemaJson());
            } catch (JsonProcessingException e) {
                throw new UncheckedIOException("the schema of tool " + n + " is not valid JSON", e);
            }
        });
    }
}

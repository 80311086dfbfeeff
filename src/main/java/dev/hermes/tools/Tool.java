package dev.hermes.tools;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hermes.llm.ToolDefinition;

import java.io.IOException;

/**
 * A tool the model may call. Implementations are stateless and thread-safe: one instance serves
 * every call, possibly from several threads at once.
 *
 * <p>Callers normally go through {@link ToolRunner}, which validates the arguments against the
 * definition's schema before {@link #run} is reached, caps the output, and turns every exception
 * into an error result.
 */
public interface Tool {

    /** Name, description and JSON schema offered to the model. */
    ToolDefinition definition();

    /** True when the tool never changes anything; read-only calls may run in parallel with each other. */
    boolean readOnly();

    /**
     * Runs one call. {@code arguments} is a JSON object already checked against the schema's
     * required fields and types. Expected failures (missing file, no match, refused path) are
     * reported as {@link ToolException} or an error {@link ToolOutcome}; both reach the model as
     * an error result.
     *
     * @throws InterruptedException when the calling thread is interrupted; the tool stops what it
     *                              started (processes included) before throwing
     */
    ToolOutcome run(JsonNode arguments, ToolContext context) throws ToolException, IOException, InterruptedException;

    default String name() {
        return definition().name();
    }
}

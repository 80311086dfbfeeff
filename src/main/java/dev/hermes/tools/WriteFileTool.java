package dev.hermes.tools;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hermes.llm.ToolDefinition;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** {@code write_file(path, content)}: replaces or creates a file atomically, creating parent directories. */
public final class WriteFileTool implements Tool {

    private static final ToolDefinition DEFINITION = new ToolDefinition("write_file",
            "Write a file in the workspace, replacing it entirely if it exists. Parent directories are created."
                    + " Prefer patch for small edits to existing files.",
            """
            {"type":"object","properties":{
              "path":{"type":"string","description":"File path, relative to the workspace"},
              "content":{"type":"string","description":"The complete new content of the file"}
            },"required":["path","content"],"additionalProperties":false}""");

    @Override
    public ToolDefinition definition() {
        return DEFINITION;
    }

    @Override
    public boolean readOnly() {
        return false;
    }

    @Override
    public ToolOutcome run(JsonNode args, ToolContext context) throws ToolException, IOException {
        Workspace workspace = context.workspace();
        Path file = workspace.resolve(Args.string(args, "path"));
        byte[] content = Args.string(args, "content").getBytes(StandardCharsets.UTF_8);
        String shown = workspace.display(file);
        if (Files.isDirectory(file)) throw new ToolException(shown + " is a directory; nothing was written");
        boolean existed = Files.exists(file);
        Files.createDirectories(file.getParent());
        // The parents may have been created through a link made since resolve(); check again before writing.
        workspace.resolve(file.toString());
        ConfinedFiles.write(workspace, file, content);
        return ToolOutcome.ok((existed ? "Overwrote " : "Created ") + shown + " (" + content.length + " bytes written)");
    }
}

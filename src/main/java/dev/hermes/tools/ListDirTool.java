package dev.hermes.tools;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hermes.llm.ToolDefinition;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code list_dir(path?)}: one line per entry, sorted by name: {@code dir   name/},
 * {@code file  name  (123 bytes)}, {@code link  name -> target}. Links are shown, not followed.
 */
public final class ListDirTool implements Tool {

    static final int MAX_ENTRIES = 500;

    private static final ToolDefinition DEFINITION = new ToolDefinition("list_dir",
            "List a directory in the workspace: each entry with its type (dir, file, link) and size, sorted by name.",
            """
            {"type":"object","properties":{
              "path":{"type":"string","description":"Directory, relative to the workspace (default .)"}
            },"additionalProperties":false}""");

    @Override
    public ToolDefinition definition() {
        return DEFINITION;
    }

    @Override
    public boolean readOnly() {
        return true;
    }

    @Override
    public ToolOutcome run(JsonNode args, ToolContext context) throws ToolException, IOException {
        Workspace workspace = context.workspace();
        Path dir = workspace.resolve(Args.string(args, "path", "."));
        String shown = workspace.display(dir);
        if (!Files.exists(dir)) throw new ToolException("directory not found: " + shown);
        if (!Files.isDirectory(dir)) throw new ToolException(shown + " is a file, not a directory; use read_file");
        List<Path> entries = ConfinedFiles.list(workspace, dir);
        if (entries.isEmpty()) return ToolOutcome.ok("(" + shown + " is empty)");
        List<String> lines = new ArrayList<>();
        for (Path entry : entries.subList(0, Math.min(entries.size(), MAX_ENTRIES))) lines.add(describe(entry));
        StringBuilder out = new StringBuilder(String.join("\n", lines)).append('\n');
        if (entries.size() > MAX_ENTRIES) {
            out.append("[").append(entries.size() - MAX_ENTRIES).append(" more entries not shown; ")
                    .append(entries.size()).append(" in total]\n");
        }
        return ToolOutcome.ok(out.toString());
    }

    private static String describe(Path entry) throws IOException {
        String name = entry.getFileName().toString();
        BasicFileAttributes attrs;
        try {
            attrs = Files.readAttributes(entry, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
            return "?     " + name + "  (unreadable: " + e.getMessage() + ")";
        }
        if (attrs.isSymbolicLink()) return "link  " + name + " -> " + Files.readSymbolicLink(entry);
        if (attrs.isDirectory()) return "dir   " + name + "/";
        if (attrs.isRegularFile()) return "file  " + name + "  (" + attrs.size() + " bytes)";
        return "other " + name;
    }
}

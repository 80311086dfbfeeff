package dev.hermes.tools;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hermes.llm.ToolDefinition;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code read_file(path, offset?, limit?)}: a window of a text file's lines, each prefixed with
 * its 1-based number right-aligned in five columns and a bar ({@code "   12|text"}). A footer
 * says where the window ended when more lines remain.
 */
public final class ReadFileTool implements Tool {

    static final int DEFAULT_LIMIT = 500;
    static final int MAX_LIMIT = 2000;
    /** Longer lines (minified files) are cut so one line cannot fill the budget. */
    static final int MAX_LINE_CHARS = 2000;

    private static final ToolDefinition DEFINITION = new ToolDefinition("read_file",
            "Read a text file in the workspace. Returns lines as 'LINE_NUMBER|TEXT'. Use offset and limit to page"
                    + " through large files. Binary files are refused.",
            """
            {"type":"object","properties":{
              "path":{"type":"string","description":"File path, relative to the workspace"},
              "offset":{"type":"integer","description":"1-based line to start at (default 1)"},
              "limit":{"type":"integer","description":"Maximum lines to return (default 500, at most 2000)"}
            },"required":["path"],"additionalProperties":false}""");

    private final int maxBytes;

    public ReadFileTool() {
        this(256 * 1024);
    }

    /** @param maxBytes cap on the returned text; reading stops at the last whole line that fits */
    public ReadFileTool(int maxBytes) {
        this.maxBytes = maxBytes;
    }

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
        Path file = workspace.resolve(Args.string(args, "path"));
        long offset = Args.integer(args, "offset", 1, 1, Integer.MAX_VALUE);
        long limit = Args.integer(args, "limit", DEFAULT_LIMIT, 1, MAX_LIMIT);
        TextFiles.requireFile(file, workspace);
        String shown = workspace.display(file);
        if (TextFiles.looksBinary(file)) {
            throw new ToolException(shown + " is a binary file (" + Files.size(file) + " bytes); read_file shows text only");
        }
        var decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPLACE).onUnmappableCharacter(CodingErrorAction.REPLACE);
        StringBuilder out = new StringBuilder();
        long lineNo = 0;
        long lastShown = 0;
        int bytes = 0;
        boolean capped = false;
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(Files.newInputStream(file), decoder))) {
            for (String line; (line = reader.readLine()) != null; ) {
                lineNo++;
                if (lineNo < offset || capped || lineNo >= offset + limit) continue;
                if (line.length() > MAX_LINE_CHARS) {
                    line = line.substring(0, MAX_LINE_CHARS) + " [line cut at " + MAX_LINE_CHARS + " characters]";
                }
                String numbered = "%5d|%s%n".formatted(lineNo, line);
                int size = Utf8.length(numbered);
                if (bytes + size > maxBytes) {
                    capped = true;
                    continue;
                }
                out.append(numbered);
                bytes += size;
                lastShown = lineNo;
            }
        }
        if (lineNo == 0) return ToolOutcome.ok("(" + shown + " is empty)");
        if (offset > lineNo) {
            throw new ToolException("offset " + offset + " is past the end of " + shown + ", which has " + lineNo + " lines");
        }
        if (lastShown < lineNo) {
            out.append("[showing lines ").append(offset).append('-').append(lastShown).append(" of ").append(lineNo)
                    .append(capped ? " (output capped at " + maxBytes + " bytes)" : "")
                    .append("; continue with offset=").append(lastShown + 1).append("]\n");
        }
        return ToolOutcome.ok(out.toString());
    }
}

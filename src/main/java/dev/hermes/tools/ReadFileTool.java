package dev.hermes.tools;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hermes.llm.ToolDefinition;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

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
    /**
     * From where the window starts, how much is read to show it and to count the lines after it
     * for the footer: a window of a 2.5 GB single-line file costs 64 MiB of reading, not 2.5 GB.
     */
    static final long SCAN_BUDGET_BYTES = 64L * 1024 * 1024;

    private static final ToolDefinition DEFINITION = new ToolDefinition("read_file",
            "Read a text file in the workspace. Returns lines as 'LINE_NUMBER|TEXT'. Use offset and limit to page"
                    + " through large files. Binary files are refused; a file that is not valid UTF-8 is shown as"
                    + " ISO-8859-1 with a note saying so.",
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
        try (SeekableByteChannel channel = ConfinedFiles.openRead(workspace, file)) {
            long size = channel.size();
            if (TextFiles.containsNul(readUpTo(channel, TextFiles.SNIFF_BYTES))) {
                throw new ToolException(shown + " is a binary file (" + size + " bytes); read_file shows text only");
            }
            // Small enough to edit: the encoding patch will use, decided over the whole file. Larger: line by line.
            TextFiles.Decoded whole = size <= PatchTool.MAX_FILE_BYTES
                    ? TextFiles.decode(readUpTo(channel.position(0), (int) size)) : null;
            return ToolOutcome.ok(window(Channels.newInputStream(channel.position(0)), shown, size, whole, offset, limit, context));
        }
    }

    private static byte[] readUpTo(SeekableByteChannel channel, int max) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(max);
        while (buffer.hasRemaining() && channel.read(buffer) >= 0) {
            // until full or the end of the file
        }
        return Arrays.copyOf(buffer.array(), buffer.position());
    }

    private String window(InputStream in, String shown, long size, TextFiles.Decoded whole, long offset, long limit,
                          ToolContext context) throws IOException, ToolException {
        LineDecoder decoder = new LineDecoder(whole == null ? StandardCharsets.UTF_8 : whole.charset());
        StringBuilder out = new StringBuilder();
        long lineNo = 0;
        long lastShown = 0;
        int bytes = 0;
        boolean capped = false;
        LineScanner lines = new LineScanner(in, MAX_LINE_CHARS * 4, () -> context.cancel().isCancelled());
        while (true) {
            boolean wanted = lineNo + 1 >= offset && !capped && lineNo + 1 < offset + limit;
            if (wanted && lineNo + 1 == offset) lines.budget(lines.consumed() + SCAN_BUDGET_BYTES);
            if (!lines.next(wanted)) break;
            lineNo++;
            if (!wanted) continue;
            String line = decoder.decode(lines.bytes(), lines.cut());
            if (lines.cut() || line.length() > MAX_LINE_CHARS) {
                line = line.substring(0, Math.min(line.length(), MAX_LINE_CHARS))
                        + " [line cut at " + MAX_LINE_CHARS + " characters]";
            }
            String numbered = "%5d|%s%n".formatted(lineNo, line);
            int length = Utf8.length(numbered);
            if (bytes + length > maxBytes) {
                capped = true;
                continue;
            }
            out.append(numbered);
            bytes += length;
            lastShown = lineNo;
        }
        boolean counted = !lines.exhausted();
        if (lineNo == 0) return "(" + shown + " is empty)";
        if (offset > lineNo) {
            throw new ToolException("offset " + offset + " is past the end of " + shown + ", which has " + lineNo + " lines");
        }
        if (lastShown < lineNo || !counted) {
            out.append("[showing lines ").append(offset).append('-').append(lastShown)
                    .append(counted ? " of " + lineNo : "; stopped reading " + (SCAN_BUDGET_BYTES >> 20)
                            + " MiB after line " + offset + " began, so the lines after are not counted (the file is "
                            + size + " bytes)")
                    .append(capped ? " (output capped at " + maxBytes + " bytes)" : "")
                    .append("; continue with offset=").append(lastShown + 1).append("]\n");
        }
        if (whole != null && !whole.utf8()) {
            out.append("[note: ").append(shown).append(" is not valid UTF-8 (").append(whole.invalidAt())
                    .append("); it is shown as ISO-8859-1, one character per byte, and patch edits it in that encoding]\n");
        } else if (decoder.replaced) {
            out.append("[note: lines shown contain bytes that are not valid UTF-8; they are shown as \uFFFD]\n");
        }
        return out.toString();
    }

    /** Decodes lines in one charset; UTF-8 lines with invalid bytes get U+FFFD, and that is remembered. */
    private static final class LineDecoder {
        private final Charset charset;
        private final CharsetDecoder strict;
        boolean replaced;

        LineDecoder(Charset charset) {
            this.charset = charset;
            this.strict = charset.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT);
        }

        String decode(byte[] bytes, boolean cut) {
            int length = cut && charset.equals(StandardCharsets.UTF_8) ? Utf8.safeEnd(bytes, bytes.length) : bytes.length;
            try {
                return strict.decode(ByteBuffer.wrap(bytes, 0, length)).toString();
            } catch (CharacterCodingException e) {
                replaced = true;
                return new String(bytes, 0, length, charset);
            }
        }
    }
}

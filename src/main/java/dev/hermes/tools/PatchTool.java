package dev.hermes.tools;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hermes.llm.ToolDefinition;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * {@code patch}: edits files in one of two modes. "replace": an exact {@code old_string} becomes
 * {@code new_string} in {@code path} (it must match once, or {@code replace_all} must be set).
 * "patch": a unified diff over one or more files, applied all-or-nothing.
 */
public final class PatchTool implements Tool {

    /** Files larger than this are not edited in memory. */
    static final long MAX_FILE_BYTES = 8L * 1024 * 1024;

    private static final ToolDefinition DEFINITION = new ToolDefinition("patch",
            "Edit files. Mode 'replace' (default): replace the exact text old_string with new_string in path;"
                    + " old_string must occur exactly once unless replace_all is true. Mode 'patch': apply a unified"
                    + " diff ('--- a/file', '+++ b/file', '@@' hunks) to one or more files; context must match exactly"
                    + " and either every hunk applies or no file changes.",
            """
            {"type":"object","properties":{
              "mode":{"type":"string","enum":["replace","patch"],"description":"Edit mode (default: replace, or patch when 'patch' is given)"},
              "path":{"type":"string","description":"File to edit (replace mode)"},
              "old_string":{"type":"string","description":"Exact text to find (replace mode)"},
              "new_string":{"type":"string","description":"Replacement text (replace mode)"},
              "replace_all":{"type":"boolean","description":"Replace every occurrence (default false)"},
              "patch":{"type":"string","description":"A unified diff (patch mode)"}
            },"additionalProperties":false}""");

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
        String mode = Args.string(args, "mode", Args.has(args, "patch") ? "patch" : "replace");
        return mode.equals("patch")
                ? applyDiff(Args.string(args, "patch"), context.workspace())
                : replace(args, context.workspace());
    }

    private static ToolOutcome replace(JsonNode args, Workspace workspace) throws ToolException, IOException {
        Path file = workspace.resolve(Args.string(args, "path"));
        String oldString = Args.string(args, "old_string");
        String newString = Args.string(args, "new_string");
        boolean all = Args.bool(args, "replace_all", false);
        String shown = workspace.display(file);
        if (oldString.isEmpty()) throw new ToolException("old_string is empty; nothing was changed in " + shown);
        if (oldString.equals(newString)) throw new ToolException("old_string and new_string are identical; nothing was changed in " + shown);
        TextFiles.Decoded decoded = TextFiles.readWhole(file, workspace, MAX_FILE_BYTES);
        String text = decoded.text();
        List<Integer> lines = matchLines(text, oldString);
        if (lines.isEmpty()) {
            throw new ToolException("old_string was not found in " + shown + " (the match is exact, whitespace included);"
                    + " nothing was changed");
        }
        if (lines.size() > 1 && !all) {
            throw new ToolException("old_string matches " + lines.size() + " times in " + shown + " (at lines "
                    + join(lines) + "); add surrounding context to make it unique or set replace_all=true;"
                    + " nothing was changed");
        }
        ConfinedFiles.write(workspace, file, decoded.encode(text.replace(oldString, newString), shown));
        return ToolOutcome.ok("Replaced " + lines.size() + (lines.size() == 1 ? " occurrence" : " occurrences")
                + " in " + shown + " (line" + (lines.size() == 1 ? " " : "s ") + join(lines) + ")");
    }

    /** Computes every file's new content first; only when all hunks apply is anything written. */
    private static ToolOutcome applyDiff(String diff, Workspace workspace) throws ToolException, IOException {
        Map<Path, TextFiles.Decoded> before = new LinkedHashMap<>();
        Map<Path, String> after = new LinkedHashMap<>();
        Map<Path, TextFiles.Decoded> encodingOf = new LinkedHashMap<>(); // a renamed file keeps its source's
        List<String> summary = new ArrayList<>();
        Map<Path, byte[]> encoded;
        try {
            for (UnifiedDiff.FilePatch patch : UnifiedDiff.parse(diff)) {
                Path source = patch.oldPath() == null ? null : workspace.resolve(patch.oldPath());
                Path target = patch.newPath() == null ? null : workspace.resolve(patch.newPath());
                String current = source == null ? null : current(source, workspace, before, after);
                if (source == null && current(target, workspace, before, after) != null) {
                    throw new ToolException(patch.newPath() + " already exists; a diff from /dev/null creates new files only");
                }
                if (source != null && current == null) throw new ToolException("file not found: " + patch.oldPath());
                UnifiedDiff.Text result = UnifiedDiff.apply(UnifiedDiff.Text.of(current == null ? "" : current), patch);
                if (target == null) {
                    if (!result.lines().isEmpty()) throw new ToolException("the diff deleting " + patch.oldPath() + " leaves lines in it");
                    after.put(source, null);
                    summary.add("deleted " + patch.oldPath());
                    continue;
                }
                if (source != null && !source.equals(target)) {
                    after.put(source, null);
                    current(target, workspace, before, after);
                }
                after.put(target, result.content());
                if (source != null && before.get(source) != null) encodingOf.put(target, before.get(source));
                summary.add((source == null ? "created " : "patched ") + workspace.display(target)
                        + " (" + patch.hunks().size() + (patch.hunks().size() == 1 ? " hunk)" : " hunks)"));
            }
            encoded = encodeAll(after, before, encodingOf, workspace);
        } catch (ToolException e) {
            throw new ToolException(e.getMessage() + "; no file was changed");
        }
        try {
            write(encoded, originals(before), workspace);
        } catch (ToolException e) {
            throw new ToolException(e.getMessage() + "; files already written were restored");
        }
        return ToolOutcome.ok("Applied patch: " + String.join(", ", summary));
    }

    /** A file's content as the patch has left it so far (null = absent), remembering the original. */
    private static String current(Path file, Workspace workspace, Map<Path, TextFiles.Decoded> before,
                                  Map<Path, String> after) throws ToolException, IOException {
        if (after.containsKey(file)) return after.get(file);
        TextFiles.Decoded original = Files.exists(file) ? TextFiles.readWhole(file, workspace, MAX_FILE_BYTES) : null;
        before.put(file, original);
        after.put(file, original == null ? null : original.text());
        return after.get(file);
    }

    /**
     * Every changed file's new bytes (null = delete), each in the charset it was read in, or its
     * rename source's; new files are UTF-8.
     */
    private static Map<Path, byte[]> encodeAll(Map<Path, String> after, Map<Path, TextFiles.Decoded> before,
                                               Map<Path, TextFiles.Decoded> encodingOf, Workspace workspace)
            throws ToolException {
        Map<Path, byte[]> out = new LinkedHashMap<>();
        for (Map.Entry<Path, String> change : after.entrySet()) {
            TextFiles.Decoded original = before.get(change.getKey());
            if (original == null ? change.getValue() == null : Objects.equals(change.getValue(), original.text())) continue;
            TextFiles.Decoded encoding = encodingOf.getOrDefault(change.getKey(), original);
            out.put(change.getKey(), change.getValue() == null ? null : encoding == null
                    ? change.getValue().getBytes(StandardCharsets.UTF_8)
                    : encoding.encode(change.getValue(), workspace.display(change.getKey())));
        }
        return out;
    }

    private static Map<Path, byte[]> originals(Map<Path, TextFiles.Decoded> before) {
        Map<Path, byte[]> out = new LinkedHashMap<>();
        before.forEach((path, d) -> out.put(path, d == null ? null : d.text().getBytes(d.charset())));
        return out;
    }

    /** Writes every change; on an I/O failure, restores the files already written. */
    private static void write(Map<Path, byte[]> after, Map<Path, byte[]> before, Workspace workspace)
            throws IOException, ToolException {
        List<Path> done = new ArrayList<>();
        try {
            for (Map.Entry<Path, byte[]> change : after.entrySet()) {
                set(workspace, change.getKey(), change.getValue());
                done.add(change.getKey());
            }
        } catch (IOException | ToolException e) {
            for (Path path : done) set(workspace, path, before.get(path));
            if (e instanceof ToolException t) throw t;
            throw new IOException("writing the patch failed at " + workspace.display(after.keySet().stream()
                    .filter(p -> !done.contains(p)).findFirst().orElseThrow()) + " (" + e + "); files already written were restored", e);
        }
    }

    private static void set(Workspace workspace, Path file, byte[] content) throws IOException, ToolException {
        if (content == null) {
            ConfinedFiles.delete(workspace, file);
            return;
        }
        Files.createDirectories(file.getParent());
        ConfinedFiles.write(workspace, file, content);
    }

    private static List<Integer> matchLines(String text, String needle) {
        List<Integer> lines = new ArrayList<>();
        int line = 1;
        int scanned = 0;
        for (int at = text.indexOf(needle); at >= 0; at = text.indexOf(needle, at + needle.length())) {
            for (; scanned < at; scanned++) if (text.charAt(scanned) == '\n') line++;
            lines.add(line);
        }
        return lines;
    }

    private static String join(List<Integer> numbers) {
        return String.join(", ", numbers.stream().map(String::valueOf).toList());
    }
}

package dev.hermes.tools;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses unified diffs ({@code ---}/{@code +++} file headers, {@code @@} hunks) and applies a
 * file's hunks to its text in memory. Context must match exactly; a hunk is looked for at the line
 * its header names first, then at the nearest place after the previous hunk. The line counts in
 * hunk headers are not trusted (models miscount them): a hunk runs until the next header.
 */
final class UnifiedDiff {

    private static final Pattern HUNK = Pattern.compile("^@@ -(\\d+)(?:,(\\d+))? \\+(\\d+)(?:,(\\d+))? @@.*");

    /** One file's part of a diff; a null path is {@code /dev/null} (file created or deleted). */
    record FilePatch(String oldPath, String newPath, List<Hunk> hunks) {
        String name() {
            return newPath != null ? newPath : oldPath;
        }
    }

    record Hunk(String header, int oldStart, List<String> oldLines, List<String> newLines, boolean newNoEol) {
    }

    /** A file's content as lines plus whether the last line ends with a newline. */
    record Text(List<String> lines, boolean finalNewline) {
        static Text of(String content) {
            if (content.isEmpty()) return new Text(List.of(), true);
            List<String> lines = new ArrayList<>(List.of(content.split("\n", -1)));
            boolean newline = content.endsWith("\n");
            if (newline) lines.remove(lines.size() - 1);
            return new Text(lines, newline);
        }

        String content() {
            if (lines.isEmpty()) return "";
            return String.join("\n", lines) + (finalNewline ? "\n" : "");
        }
    }

    private UnifiedDiff() {
    }

    static List<FilePatch> parse(String diff) throws ToolException {
        List<String> lines = List.of(diff.replace("\r\n", "\n").split("\n", -1));
        List<FilePatch> files = new ArrayList<>();
        int i = 0;
        while (i < lines.size()) {
            if (!(lines.get(i).startsWith("--- ") && i + 1 < lines.size() && lines.get(i + 1).startsWith("+++ "))) {
                i++;
                continue;
            }
            String oldPath = path(lines.get(i).substring(4), "a/");
            String newPath = path(lines.get(i + 1).substring(4), "b/");
            if (oldPath == null && newPath == null) throw new ToolException("diff header at line " + (i + 1) + " names /dev/null twice");
            i += 2;
            List<Hunk> hunks = new ArrayList<>();
            while (i < lines.size() && lines.get(i).startsWith("@@")) {
                Matcher m = HUNK.matcher(lines.get(i));
                String name = newPath != null ? newPath : oldPath;
                if (!m.matches()) throw new ToolException("malformed hunk header '" + lines.get(i) + "' for " + name);
                int end = hunkEnd(lines, i + 1);
                hunks.add(hunk(lines.get(i), Integer.parseInt(m.group(1)), lines.subList(i + 1, end), name));
                i = end;
            }
            if (hunks.isEmpty()) throw new ToolException("the diff for " + (newPath != null ? newPath : oldPath) + " has no @@ hunks");
            files.add(new FilePatch(oldPath, newPath, hunks));
        }
        if (files.isEmpty()) throw new ToolException("the patch contains no '--- file' / '+++ file' headers; expected a unified diff");
        return files;
    }

    /** Applies a file's hunks to its current text; a hunk that does not match fails the whole file. */
    static Text apply(Text original, FilePatch patch) throws ToolException {
        List<String> src = original.lines();
        List<String> out = new ArrayList<>();
        int cursor = 0;
        boolean finalNewline = original.finalNewline();
        for (int h = 0; h < patch.hunks().size(); h++) {
            Hunk hunk = patch.hunks().get(h);
            int at = locate(src, hunk, cursor);
            if (at < 0) {
                String first = hunk.oldLines().isEmpty() ? "" : " (first expected line: '" + hunk.oldLines().get(0) + "')";
                throw new ToolException("hunk " + (h + 1) + " (" + hunk.header() + ") does not apply to " + patch.name()
                        + ": its context and removed lines were not found exactly" + first);
            }
            out.addAll(src.subList(cursor, at));
            out.addAll(hunk.newLines());
            cursor = at + hunk.oldLines().size();
            if (cursor == src.size()) finalNewline = !hunk.newNoEol();
        }
        out.addAll(src.subList(cursor, src.size()));
        return new Text(out, finalNewline);
    }

    private static int locate(List<String> src, Hunk hunk, int from) {
        List<String> want = hunk.oldLines();
        int hint = Math.max(from, hunk.oldStart() - (want.isEmpty() ? 0 : 1));
        if (want.isEmpty()) return Math.min(hint, src.size());
        int best = -1;
        for (int p = from; p + want.size() <= src.size(); p++) {
            if (src.subList(p, p + want.size()).equals(want) && (best < 0 || Math.abs(p - hint) < Math.abs(best - hint))) {
                best = p;
            }
        }
        return best;
    }

    private static int hunkEnd(List<String> lines, int start) {
        int end = start;
        while (end < lines.size()) {
            String line = lines.get(end);
            boolean nextFile = line.startsWith("--- ") && end + 1 < lines.size() && lines.get(end + 1).startsWith("+++ ");
            if (line.startsWith("@@") || line.startsWith("diff ") || nextFile) break;
            end++;
        }
        // Blank lines at a hunk's end are separators (or the patch's final newline), not context.
        while (end > start && lines.get(end - 1).isEmpty()) end--;
        return end;
    }

    private static Hunk hunk(String header, int oldStart, List<String> body, String file) throws ToolException {
        List<String> oldLines = new ArrayList<>();
        List<String> newLines = new ArrayList<>();
        boolean newNoEol = false;
        char last = ' ';
        for (String line : body) {
            char kind = line.isEmpty() ? ' ' : line.charAt(0);
            String text = line.isEmpty() ? "" : line.substring(1);
            switch (kind) {
                case ' ' -> { oldLines.add(text); newLines.add(text); }
                case '-' -> oldLines.add(text);
                case '+' -> newLines.add(text);
                case '\\' -> newNoEol |= last != '-';
                default -> throw new ToolException("unexpected line '" + line + "' in hunk " + header + " for " + file
                        + "; hunk lines must start with ' ', '-', '+' or '\\'");
            }
            if (kind != '\\') last = kind;
        }
        return new Hunk(header, oldStart, oldLines, newLines, newNoEol);
    }

    private static String path(String raw, String prefix) {
        String p = raw.split("\t", 2)[0].trim();
        if (p.equals("/dev/null")) return null;
        return p.startsWith(prefix) ? p.substring(prefix.length()) : p;
    }
}

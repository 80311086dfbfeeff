package dev.hermes.tools;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hermes.llm.ToolDefinition;
import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import dev.hermes.util.MonotonicClock;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.LinkOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * {@code search_files(pattern, target?, path?, file_glob?, limit?)}: a regular expression over
 * file contents ({@code path:line:text}), or a name search over files. The walk does not follow
 * symbolic links (so it never leaves the workspace), skips {@code .git}, binary files and files
 * over the size cap, and visits entries in name order (depth first) so results are stable.
 *
 * <p>Patterns are RE2 syntax, matched by RE2/J in time linear in the text: a pattern written to
 * backtrack ({@code (.*a){20}b}) costs no more than any other. RE2 has no backreferences and no
 * lookaround; such a pattern is refused with a message saying so.
 */
public final class SearchFilesTool implements Tool {

    static final int DEFAULT_LIMIT = 50;
    static final int MAX_LIMIT = 1000;
    static final long MAX_FILE_BYTES = 1024 * 1024;
    static final int MAX_LINE_CHARS = 300;

    private static final ToolDefinition DEFINITION = new ToolDefinition("search_files",
            "Search the workspace. target='content' (default): find lines matching the regular expression 'pattern'"
                    + " (RE2 syntax: no backreferences or lookaround),"
                    + " shown as path:line:text. target='files': find files by name; 'pattern' is a glob such as '*.java'"
                    + " when it contains * ? [ or {, otherwise a regular expression found in the relative path.",
            """
            {"type":"object","properties":{
              "pattern":{"type":"string","description":"Regular expression (content), or glob/regex on names (files)"},
              "target":{"type":"string","enum":["content","files"],"description":"What to search (default content)"},
              "path":{"type":"string","description":"Directory or file to search, relative to the workspace (default .)"},
              "file_glob":{"type":"string","description":"Only search files whose name matches this glob, e.g. *.py"},
              "limit":{"type":"integer","description":"Maximum results (default 50, at most 1000)"}
            },"required":["pattern"],"additionalProperties":false}""");

    @Override
    public ToolDefinition definition() {
        return DEFINITION;
    }

    @Override
    public boolean readOnly() {
        return true;
    }

    @Override
    public ToolOutcome run(JsonNode args, ToolContext context) throws ToolException, IOException, InterruptedException {
        Workspace workspace = context.workspace();
        String pattern = Args.string(args, "pattern");
        boolean files = Args.string(args, "target", "content").equals("files");
        Path start = workspace.resolve(Args.string(args, "path", "."));
        int limit = (int) Args.integer(args, "limit", DEFAULT_LIMIT, 1, MAX_LIMIT);
        if (!Files.exists(start)) throw new ToolException("path not found: " + Args.string(args, "path", "."));
        PathMatcher fileGlob = Args.has(args, "file_glob") ? glob(Args.string(args, "file_glob")) : null;
        NameTest nameTest = files ? nameTest(pattern) : null;
        Pattern regex = files ? null : compile(pattern);

        List<String> results = new ArrayList<>();
        int[] total = {0};
        Throttle activity = new Throttle(context.onActivity(), MonotonicClock.SYSTEM);
        Deque<Path> pending = new ArrayDeque<>(List.of(start));
        while (!pending.isEmpty()) {
            if (context.cancel().isCancelled() || Thread.currentThread().isInterrupted()) break;
            activity.tick();
            Path path = pending.pop();
            BasicFileAttributes attrs;
            try {
                attrs = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            } catch (IOException e) {
                continue; // vanished or unreadable: skipped, not fatal
            }
            if (attrs.isDirectory()) {
                if (path.getFileName() != null && path.getFileName().toString().equals(".git") && !path.equals(start)) continue;
                children(workspace, path).reversed().forEach(pending::push);
                continue;
            }
            if (!attrs.isRegularFile()) continue; // links are not followed, so the walk stays inside
            Path relative = workspace.root().relativize(path);
            if (fileGlob != null && !matches(fileGlob, relative)) continue;
            if (files) {
                if (nameTest.test(relative)) add(results, total, limit, relative.toString());
            } else if (attrs.size() <= MAX_FILE_BYTES) {
                grep(workspace, path, relative, regex, results, total, limit);
            }
        }
        if (Thread.interrupted()) throw new InterruptedException("search_files interrupted");
        if (context.cancel().isCancelled()) return ToolOutcome.error("search_files cancelled");
        if (results.isEmpty()) return ToolOutcome.ok("No " + (files ? "files" : "matches") + " found for '" + pattern + "'");
        StringBuilder out = new StringBuilder(String.join("\n", results)).append('\n');
        if (total[0] > results.size()) {
            out.append("[").append(total[0] - results.size()).append(" more results not shown; narrow the search or raise limit]\n");
        }
        return ToolOutcome.ok(out.toString());
    }

    private static List<Path> children(Workspace workspace, Path dir) {
        try {
            return ConfinedFiles.list(workspace, dir);
        } catch (IOException | ToolException e) {
            return List.of(); // unreadable, or swapped for a link since the walk saw it: skipped
        }
    }

    private static void grep(Workspace workspace, Path file, Path relative, Pattern regex, List<String> results,
                             int[] total, int limit) throws IOException {
        byte[] bytes;
        try {
            bytes = ConfinedFiles.readAll(workspace, file, MAX_FILE_BYTES);
        } catch (ToolException | IOException e) {
            return; // swapped for a link, vanished or grown since the walk saw it: skipped
        }
        if (TextFiles.containsNul(bytes)) return;
        String text = new String(bytes, StandardCharsets.UTF_8);
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            if (!regex.matcher(lines[i]).find()) continue;
            String line = lines[i].length() > MAX_LINE_CHARS ? lines[i].substring(0, MAX_LINE_CHARS) + "..." : lines[i];
            add(results, total, limit, relative + ":" + (i + 1) + ":" + line);
        }
    }

    private static void add(List<String> results, int[] total, int limit, String result) {
        total[0]++;
        if (results.size() < limit) results.add(result);
    }

    private interface NameTest {
        boolean test(Path relative);
    }

    private static NameTest nameTest(String pattern) throws ToolException {
        if (pattern.chars().anyMatch(c -> "*?[{".indexOf(c) >= 0)) {
            PathMatcher matcher = glob(pattern);
            return relative -> matches(matcher, relative);
        }
        Pattern regex = compile(pattern);
        return relative -> regex.matcher(relative.toString()).find();
    }

    /** A glob matches a file when it matches its path relative to the workspace, or its bare name. */
    private static boolean matches(PathMatcher glob, Path relative) {
        return glob.matches(relative) || glob.matches(relative.getFileName());
    }

    private static PathMatcher glob(String glob) throws ToolException {
        try {
            return FileSystems.getDefault().getPathMatcher("glob:" + glob);
        } catch (IllegalArgumentException e) {
            throw new ToolException("invalid glob '" + glob + "': " + e.getMessage());
        }
    }

    private static Pattern compile(String regex) throws ToolException {
        try {
            return Pattern.compile(regex);
        } catch (PatternSyntaxException e) {
            throw new ToolException("invalid regular expression '" + regex + "': " + e.getDescription()
                    + " (patterns are RE2 syntax, matched in linear time: no backreferences such as \\1,"
                    + " no lookahead or lookbehind)");
        }
    }
}

package dev.hermes.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The skills under {@code <home>/skills}: every {@code SKILL.md} at
 * {@code <category>/<name>/SKILL.md} (or {@code <name>/SKILL.md}), plus the skills built into the
 * program ({@link #BUILT_IN}, e.g. {@code kanban-worker}); a user skill of the same name replaces
 * a built-in one. A file whose front matter cannot be read is listed as a problem naming the file
 * and line, and does not hide the others. Immutable once loaded.
 */
public final class SkillCatalog {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final String FILE_NAME = "SKILL.md";
    /** Skills shipped in the jar, as {@code category/name} under the resource folder {@code /skills}. */
    static final List<String> BUILT_IN = List.of("kanban/kanban-worker");
    /** The pseudo-folder built-in skills are listed under (never a real path). */
    public static final Path BUILT_IN_ROOT = Path.of("(built-in)");

    private final Path dir;
    private final List<Skill> skills;
    private final List<String> problems;

    private SkillCatalog(Path dir, List<Skill> skills, List<String> problems) {
        this.dir = dir;
        this.skills = List.copyOf(skills);
        this.problems = List.copyOf(problems);
    }

    /** Reads every skill below {@code dir}; a missing directory is an empty catalog. */
    public static SkillCatalog load(Path dir) throws IOException {
        List<Skill> skills = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        if (Files.isDirectory(dir)) {
            List<Path> files;
            try (Stream<Path> walk = Files.walk(dir, 3)) {
                files = walk.filter(p -> p.getFileName().toString().equals(FILE_NAME) && Files.isRegularFile(p))
                        .sorted().toList();
            }
            for (Path file : files) {
                try {
                    skills.add(parse(dir, file));
                } catch (IllegalArgumentException e) {
                    problems.add(e.getMessage());
                }
            }
        }
        for (String resource : BUILT_IN) {
            Skill builtIn = builtIn(resource);
            if (skills.stream().noneMatch(s -> s.name().equals(builtIn.name()))) skills.add(builtIn);
        }
        skills.sort(Comparator.comparing(Skill::qualifiedName));
        return new SkillCatalog(dir, skills, problems);
    }

    private static Skill builtIn(String resource) {
        String path = "/skills/" + resource + "/" + FILE_NAME;
        try (var in = SkillCatalog.class.getResourceAsStream(path)) {
            if (in == null) throw new IllegalStateException("missing built-in skill resource " + path);
            return parse(BUILT_IN_ROOT, BUILT_IN_ROOT.resolve(resource).resolve(FILE_NAME),
                    new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot read built-in skill " + path, e);
        }
    }

    public List<Skill> skills() {
        return skills;
    }

    /** SKILL.md files that could not be read, each naming the file. */
    public List<String> problems() {
        return problems;
    }

    /**
     * The named skills, in the order given. A name matches a skill's name, its directory name,
     * or "category/name".
     *
     * @throws IllegalArgumentException naming every unknown or ambiguous skill and listing the available ones
     */
    public List<Skill> resolve(List<String> names) {
        List<Skill> found = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        for (String raw : names) {
            String name = raw.strip();
            if (name.isEmpty()) continue;
            List<Skill> matches = skills.stream().filter(s -> matches(s, name)).toList();
            if (matches.size() == 1) {
                if (!found.contains(matches.get(0))) found.add(matches.get(0));
            } else if (matches.isEmpty()) {
                errors.add("unknown skill '" + name + "'");
            } else {
                errors.add("skill name '" + name + "' is ambiguous: " + String.join(", ",
                        matches.stream().map(Skill::qualifiedName).toList()) + " (use category/name)");
            }
        }
        if (!errors.isEmpty()) {
            String available = skills.isEmpty() ? "none (put skills in " + dir + "/<category>/<name>/SKILL.md)"
                    : String.join(", ", skills.stream().map(Skill::qualifiedName).toList());
            StringBuilder sb = new StringBuilder(String.join("; ", errors)).append("; available skills: ").append(available);
            for (String p : problems) sb.append("\n  unreadable: ").append(p);
            throw new IllegalArgumentException(sb.toString());
        }
        return found;
    }

    /** The system prompt text for preloaded skills: each skill's body under a heading. */
    public static String promptSection(List<Skill> skills) {
        StringBuilder sb = new StringBuilder();
        for (Skill s : skills) {
            if (!sb.isEmpty()) sb.append("\n\n");
            sb.append("## Skill: ").append(s.qualifiedName());
            if (!s.description().isEmpty()) sb.append("\n").append(s.description());
            sb.append("\n\n").append(s.body().strip());
        }
        return sb.toString();
    }

    private static boolean matches(Skill s, String name) {
        Path skillDir = s.file().getParent();
        return s.name().equals(name) || s.qualifiedName().equals(name)
                || (skillDir != null && skillDir.getFileName().toString().equals(name))
                || (!s.category().isEmpty() && name.equals(s.category() + "/" + skillDir.getFileName()));
    }

    static Skill parse(Path root, Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalArgumentException(file + ": cannot read: " + e.getMessage());
        }
        return parse(root, file, text);
    }

    private static Skill parse(Path root, Path file, String text) {
        Path skillDir = file.getParent();
        Path relative = root.relativize(skillDir);
        String category = relative.getNameCount() >= 2 ? relative.getName(relative.getNameCount() - 2).toString() : "";
        String dirName = skillDir.getFileName().toString();
        Map<String, String> front = new LinkedHashMap<>();
        String body = text;
        String normalized = text.replace("\r\n", "\n");
        if (normalized.startsWith("---\n")) {
            int end = normalized.indexOf("\n---", 3);
            if (end < 0) throw new IllegalArgumentException(file + ":1: front matter opened with '---' is never closed");
            String yaml = normalized.substring(4, end + 1);
            int after = normalized.indexOf('\n', end + 4);
            body = after < 0 ? "" : normalized.substring(after + 1);
            front = frontMatter(file, yaml);
        }
        return new Skill(front.getOrDefault("name", dirName), category, front.get("description"), front.get("version"),
                body, file);
    }

    private static Map<String, String> frontMatter(Path file, String yaml) {
        JsonNode node;
        try {
            node = YAML.readTree(yaml);
        } catch (IOException e) {
            String where = e instanceof com.fasterxml.jackson.core.JsonProcessingException jpe && jpe.getLocation() != null
                    ? ":" + (jpe.getLocation().getLineNr() + 1) : "";
            throw new IllegalArgumentException(file + where + ": front matter is not valid YAML: "
                    + e.getMessage().lines().findFirst().orElse(""));
        }
        Map<String, String> out = new LinkedHashMap<>();
        if (node == null || node.isMissingNode() || node.isNull()) return out;
        if (!node.isObject()) throw new IllegalArgumentException(file + ":2: front matter must be a YAML mapping");
        node.fields().forEachRemaining(e -> {
            if (e.getValue().isValueNode()) out.put(e.getKey(), e.getValue().asText());
        });
        if (out.containsKey("name") && out.get("name").isBlank()) {
            throw new IllegalArgumentException(file + ": front matter 'name' is empty");
        }
        return out;
    }
}

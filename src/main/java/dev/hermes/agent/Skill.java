package dev.hermes.agent;

import java.nio.file.Path;
import java.util.Objects;

/**
 * One skill: {@code <home>/skills/<category>/<name>/SKILL.md}, YAML front matter then Markdown.
 *
 * @param name        the front matter's {@code name}, else the directory name
 * @param category    the directory above the skill's own ("" when the skill sits directly in skills/)
 * @param description the front matter's {@code description}, or ""
 * @param version     the front matter's {@code version}, or ""
 * @param body        the Markdown after the front matter
 * @param file        the SKILL.md
 */
public record Skill(String name, String category, String description, String version, String body, Path file) {
    public Skill {
        Objects.requireNonNull(name, "name");
        category = category == null ? "" : category;
        description = description == null ? "" : description;
        version = version == null ? "" : version;
        Objects.requireNonNull(body, "body");
    }

    /** True for a skill shipped in the program rather than read from the home's skills folder. */
    public boolean builtIn() {
        return file.startsWith(SkillCatalog.BUILT_IN_ROOT);
    }

    /** "category/name", or the name alone for a skill without a category. */
    public String qualifiedName() {
        return category.isEmpty() ? name : category + "/" + name;
    }
}

package dev.hermes.agent;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SkillCatalogTest {

    @TempDir
    Path skills;

    static void skill(Path root, String category, String dir, String text) throws Exception {
        Path d = Files.createDirectories(root.resolve(category).resolve(dir));
        Files.writeString(d.resolve("SKILL.md"), text);
    }

    @Test
    void skillsAreReadWithTheirFrontMatterAndResolvedByNameOrCategory() throws Exception {
        skill(skills, "work", "kanban-worker", "---\nname: kanban-worker\ndescription: Works kanban tasks\nversion: 1.2\n---\n# Kanban\nClaim, work, complete.\n");
        skill(skills, "dev", "reviewer", "---\ndescription: Reviews diffs\n---\nLook for bugs.\n");
        SkillCatalog catalog = SkillCatalog.load(skills);

        assertThat(catalog.skills()).extracting(Skill::qualifiedName).containsExactly("dev/reviewer", "work/kanban-worker");
        List<Skill> chosen = catalog.resolve(List.of("kanban-worker", "dev/reviewer"));
        assertThat(chosen).extracting(Skill::name).containsExactly("kanban-worker", "reviewer");
        assertThat(chosen.get(0).version()).isEqualTo("1.2");
        assertThat(chosen.get(0).body()).isEqualTo("# Kanban\nClaim, work, complete.\n");

        String prompt = AgentRuntime.systemPrompt(Path.of("/ws"), "Be brief.", chosen);
        assertThat(prompt).contains("/ws").contains("Be brief.").contains("## Skill: work/kanban-worker")
                .contains("Claim, work, complete.").contains("## Skill: dev/reviewer").contains("Look for bugs.");
    }

    @Test
    void anUnknownSkillIsAnErrorListingTheAvailableOnes() throws Exception {
        skill(skills, "work", "kanban-worker", "---\nname: kanban-worker\n---\nbody\n");
        SkillCatalog catalog = SkillCatalog.load(skills);

        assertThatThrownBy(() -> catalog.resolve(List.of("kanban-worker", "nope")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown skill 'nope'").hasMessageContaining("available skills: work/kanban-worker");
    }

    @Test
    void aBrokenFrontMatterNamesTheFileAndLineAndDoesNotHideTheOthers() throws Exception {
        skill(skills, "a", "good", "no front matter at all\n");
        skill(skills, "b", "bad", "---\nname: bad\ndescription: [unclosed\n---\nbody\n");
        SkillCatalog catalog = SkillCatalog.load(skills);

        assertThat(catalog.skills()).extracting(Skill::qualifiedName).containsExactly("a/good", "kanban/kanban-worker");
        assertThat(catalog.problems()).singleElement().asString()
                .contains(skills.resolve("b/bad/SKILL.md").toString()).contains("not valid YAML");
    }

    @Test
    void theBuiltInKanbanWorkerSkillIsThereUntilAUserSkillOfTheSameNameReplacesIt() throws Exception {
        Skill builtIn = SkillCatalog.load(skills).resolve(List.of("kanban-worker")).get(0);
        assertThat(builtIn.builtIn()).isTrue();
        assertThat(builtIn.body()).contains("kanban_show", "kanban_complete", "kanban_request_review", "kanban_block",
                "kanban_heartbeat");
        assertThatThrownBy(() -> SkillCatalog.load(skills).resolve(List.of("kanban-wroker")))
                .hasMessageContaining("unknown skill 'kanban-wroker'").hasMessageContaining("kanban/kanban-worker");

        skill(skills, "mine", "kanban-worker", "---\nname: kanban-worker\n---\nMy own protocol.\n");
        SkillCatalog catalog = SkillCatalog.load(skills);
        assertThat(catalog.skills()).extracting(Skill::qualifiedName).containsExactly("mine/kanban-worker");
        assertThat(catalog.resolve(List.of("kanban-worker")).get(0).body()).contains("My own protocol.");
    }
}

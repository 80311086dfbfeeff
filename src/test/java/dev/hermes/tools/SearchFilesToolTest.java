package dev.hermes.tools;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class SearchFilesToolTest {

    @TempDir
    Path temp;

    private Fixture fixture() throws Exception {
        Fixture f = new Fixture(Files.createDirectories(temp.resolve("ws")));
        f.write("src/App.java", "class App {\n  // TODO: start\n}\n");
        f.write("src/util/Text.java", "class Text {\n  // todo lower\n  // TODO: trim\n}\n");
        f.write("notes.md", "TODO: docs\n");
        f.write(".git/config", "TODO: in git\n");
        Files.write(f.dir.resolve("blob.bin"), new byte[]{'T', 'O', 'D', 'O', ':', 0, 1});
        f.write("huge.txt", "TODO: huge\n" + "x".repeat((int) SearchFilesTool.MAX_FILE_BYTES));
        Files.createDirectories(temp.resolve("outside"));
        Files.writeString(temp.resolve("outside/leak.txt"), "TODO: outside\n");
        Files.createSymbolicLink(f.dir.resolve("out"), temp.resolve("outside"));
        return f;
    }

    @Test
    void contentSearchListsPathLineTextAndSkipsGitBinaryHugeAndLinks() throws Exception {
        Fixture f = fixture();
        ToolOutcome o = f.call("search_files", "{\"pattern\":\"TODO:\"}");
        assertThat(o.isError()).isFalse();
        assertThat(o.content()).isEqualTo("notes.md:1:TODO: docs\nsrc/App.java:2:  // TODO: start\nsrc/util/Text.java:3:  // TODO: trim\n");
    }

    @Test
    void pathAndFileGlobNarrowTheSearch() throws Exception {
        Fixture f = fixture();
        assertThat(f.call("search_files", "{\"pattern\":\"(?i)todo\",\"path\":\"src/util\"}").content())
                .isEqualTo("src/util/Text.java:2:  // todo lower\nsrc/util/Text.java:3:  // TODO: trim\n");
        assertThat(f.call("search_files", "{\"pattern\":\"TODO\",\"file_glob\":\"*.md\"}").content()).isEqualTo("notes.md:1:TODO: docs\n");
    }

    @Test
    void fileSearchByGlobOrRegex() throws Exception {
        Fixture f = fixture();
        assertThat(f.call("search_files", "{\"pattern\":\"*.java\",\"target\":\"files\"}").content())
                .isEqualTo("src/App.java\nsrc/util/Text.java\n");
        assertThat(f.call("search_files", "{\"pattern\":\"util/\",\"target\":\"files\"}").content()).isEqualTo("src/util/Text.java\n");
        assertThat(f.call("search_files", "{\"pattern\":\"*.none\",\"target\":\"files\"}").content()).isEqualTo("No files found for '*.none'");
    }

    @Test
    void limitAddsAMoreResultsNote() throws Exception {
        Fixture f = new Fixture(temp);
        f.write("many.txt", "hit\n".repeat(7));
        assertThat(f.call("search_files", "{\"pattern\":\"hit\",\"limit\":3}").content())
                .isEqualTo("many.txt:1:hit\nmany.txt:2:hit\nmany.txt:3:hit\n[4 more results not shown; narrow the search or raise limit]\n");
    }

    @Test
    void badRegexMissingPathAndEscapesAreErrors() throws Exception {
        Fixture f = fixture();
        assertThat(f.call("search_files", "{\"pattern\":\"(unclosed\"}").content()).contains("invalid regular expression '(unclosed'");
        assertThat(f.call("search_files", "{\"pattern\":\"x\",\"path\":\"nowhere\"}").content()).contains("path not found: nowhere");
        ToolOutcome escape = f.call("search_files", "{\"pattern\":\"TODO\",\"path\":\"out\"}");
        assertThat(escape.isError()).isTrue();
        assertThat(escape.content()).doesNotContain("TODO: outside");
        assertThat(f.call("search_files", "{\"pattern\":\"TODO\",\"path\":\"..\"}").isError()).isTrue();
    }
}

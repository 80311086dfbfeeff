package dev.hermes.tools;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static dev.hermes.tools.Fixture.q;
import static org.assertj.core.api.Assertions.assertThat;

class PatchToolTest {

    @TempDir
    Path dir;

    @Test
    void replaceEditsTheSingleExactMatch() throws Exception {
        Fixture f = new Fixture(dir);
        f.write("a.py", "def f():\n    return 1\n\ndef g():\n    return 2\n");
        ToolOutcome o = f.call("patch", "{\"path\":\"a.py\",\"old_string\":\"return 2\",\"new_string\":\"return 3\"}");
        assertThat(o.isError()).isFalse();
        assertThat(o.content()).isEqualTo("Replaced 1 occurrence in a.py (line 5)");
        assertThat(f.read("a.py")).isEqualTo("def f():\n    return 1\n\ndef g():\n    return 3\n");
    }

    @Test
    void missingOrAmbiguousMatchChangesNothingAndSaysWhere() throws Exception {
        Fixture f = new Fixture(dir);
        String text = "x = 1\ny = 2\nx = 1\nz = 3\nx = 1\n";
        f.write("a.py", text);

        ToolOutcome missing = f.call("patch", "{\"path\":\"a.py\",\"old_string\":\"w = 9\",\"new_string\":\"w = 0\"}");
        assertThat(missing.isError()).isTrue();
        assertThat(missing.content()).contains("not found in a.py", "nothing was changed");

        ToolOutcome ambiguous = f.call("patch", "{\"path\":\"a.py\",\"old_string\":\"x = 1\",\"new_string\":\"x = 2\"}");
        assertThat(ambiguous.isError()).isTrue();
        assertThat(ambiguous.content()).contains("matches 3 times", "lines 1, 3, 5", "replace_all", "nothing was changed");
        assertThat(f.read("a.py")).isEqualTo(text);

        ToolOutcome all = f.call("patch", "{\"path\":\"a.py\",\"old_string\":\"x = 1\",\"new_string\":\"x = 2\",\"replace_all\":true}");
        assertThat(all.content()).isEqualTo("Replaced 3 occurrences in a.py (lines 1, 3, 5)");
        assertThat(f.read("a.py")).isEqualTo("x = 2\ny = 2\nx = 2\nz = 3\nx = 2\n");
    }

    @Test
    void replaceRefusesMissingFilesAndEscapes() throws Exception {
        Fixture f = new Fixture(Files.createDirectories(dir.resolve("ws")));
        Files.writeString(dir.resolve("outside.txt"), "keep");
        assertThat(f.call("patch", "{\"path\":\"none.txt\",\"old_string\":\"a\",\"new_string\":\"b\"}").content()).contains("file not found");
        ToolOutcome escape = f.call("patch", "{\"path\":\"../outside.txt\",\"old_string\":\"keep\",\"new_string\":\"lost\"}");
        assertThat(escape.isError()).isTrue();
        assertThat(Files.readString(dir.resolve("outside.txt"))).isEqualTo("keep");
    }

    @Test
    void unifiedDiffAppliesHunksAcrossFilesCreatesAndDeletes() throws Exception {
        Fixture f = new Fixture(dir);
        f.write("src/a.txt", "one\ntwo\nthree\nfour\nfive\nsix\nseven\n");
        f.write("src/b.txt", "alpha\nbeta\n");
        f.write("old.txt", "bye\n");
        String diff = """
                diff --git a/src/a.txt b/src/a.txt
                --- a/src/a.txt
                +++ b/src/a.txt
                @@ -1,3 +1,3 @@
                 one
                -two
                +TWO
                 three
                @@ -5,3 +5,4 @@
                 five
                 six
                +six and a half
                 seven
                --- a/src/b.txt
                +++ b/src/b.txt
                @@ -1,2 +1,2 @@
                 alpha
                -beta
                +gamma
                \\ No newline at end of file
                --- /dev/null
                +++ b/new/c.txt
                @@ -0,0 +1,2 @@
                +created
                +here
                --- a/old.txt
                +++ /dev/null
                @@ -1 +0,0 @@
                -bye
                """;
        ToolOutcome o = f.call("patch", "{\"patch\":" + q(diff) + "}");
        assertThat(o.isError()).as(o.content()).isFalse();
        assertThat(o.content()).contains("patched src/a.txt (2 hunks)", "patched src/b.txt", "created new/c.txt", "deleted old.txt");
        assertThat(f.read("src/a.txt")).isEqualTo("one\nTWO\nthree\nfour\nfive\nsix\nsix and a half\nseven\n");
        assertThat(f.read("src/b.txt")).isEqualTo("alpha\ngamma");
        assertThat(f.read("new/c.txt")).isEqualTo("created\nhere\n");
        assertThat(dir.resolve("old.txt")).doesNotExist();
    }

    @Test
    void hunkFoundAwayFromItsStatedLineStillApplies() throws Exception {
        Fixture f = new Fixture(dir);
        f.write("a.txt", "header\nextra\nextra\nfoo\nbar\n");
        String diff = "--- a/a.txt\n+++ b/a.txt\n@@ -1,2 +1,2 @@\n foo\n-bar\n+baz\n";
        assertThat(f.call("patch", "{\"mode\":\"patch\",\"patch\":" + q(diff) + "}").isError()).isFalse();
        assertThat(f.read("a.txt")).isEqualTo("header\nextra\nextra\nfoo\nbaz\n");
    }

    @Test
    void aHunkThatDoesNotApplyLeavesEveryFileUnchanged() throws Exception {
        Fixture f = new Fixture(dir);
        f.write("a.txt", "one\ntwo\n");
        f.write("b.txt", "alpha\nbeta\n");
        String diff = """
                --- a/a.txt
                +++ b/a.txt
                @@ -1,2 +1,2 @@
                 one
                -two
                +2
                --- /dev/null
                +++ b/created.txt
                @@ -0,0 +1 @@
                +new
                --- a/b.txt
                +++ b/b.txt
                @@ -1,2 +1,2 @@
                 alpha
                -BETA
                +gamma
                """;
        var before = Fixture.snapshot(dir);
        ToolOutcome o = f.call("patch", "{\"patch\":" + q(diff) + "}");
        assertThat(o.isError()).isTrue();
        assertThat(o.content()).contains("hunk 1 (@@ -1,2 +1,2 @@) does not apply to b.txt", "'alpha'", "no file was changed");
        assertThat(Fixture.snapshot(dir)).isEqualTo(before);
    }

    @Test
    void diffsThatEscapeOrAreMalformedAreRefused() throws Exception {
        Fixture f = new Fixture(Files.createDirectories(dir.resolve("ws")));
        f.write("a.txt", "x\n");
        var before = Fixture.snapshot(dir);
        String escape = "--- a/a.txt\n+++ b/a.txt\n@@ -1 +1 @@\n-x\n+y\n--- /dev/null\n+++ b/../evil.txt\n@@ -0,0 +1 @@\n+evil\n";
        assertThat(f.call("patch", "{\"patch\":" + q(escape) + "}").content()).contains("outside the workspace", "no file was changed");
        assertThat(f.call("patch", "{\"patch\":\"just some text\"}").content()).contains("no '--- file'");
        String garbage = "--- a/a.txt\n+++ b/a.txt\n@@ -1 +1 @@\n-x\n?? what\n+y\n";
        assertThat(f.call("patch", "{\"patch\":" + q(garbage) + "}").content()).contains("unexpected line '?? what'");
        String exists = "--- /dev/null\n+++ b/a.txt\n@@ -0,0 +1 @@\n+again\n";
        assertThat(f.call("patch", "{\"patch\":" + q(exists) + "}").content()).contains("a.txt already exists");
        assertThat(Fixture.snapshot(dir)).isEqualTo(before);
    }
}

package dev.hermes.tools;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static dev.hermes.tools.Fixture.q;
import static org.assertj.core.api.Assertions.assertThat;

/** Files that are not UTF-8, and lines of any length: edits keep every byte they do not change. */
class EncodingTest {

    @TempDir
    Path dir;

    private static final byte[] LATIN1 = "caf\u00e9\nstatus: todo\nna\u00efve\n".getBytes(StandardCharsets.ISO_8859_1);

    @Test
    void replaceInALatin1FileChangesOnlyTheMatchedBytes() throws Exception {
        Fixture f = new Fixture(dir);
        Files.write(dir.resolve("a.txt"), LATIN1);
        ToolOutcome o = f.call("patch", "{\"path\":\"a.txt\",\"old_string\":\"caf\u00e9\",\"new_string\":\"caf\u00e9s\"}");
        assertThat(o.isError()).as(o.content()).isFalse();
        assertThat(Files.readAllBytes(dir.resolve("a.txt")))
                .isEqualTo("caf\u00e9s\nstatus: todo\nna\u00efve\n".getBytes(StandardCharsets.ISO_8859_1));
    }

    @Test
    void aReplacementTheFilesEncodingCannotHoldIsRefusedAndNothingChanges() throws Exception {
        Fixture f = new Fixture(dir);
        Files.write(dir.resolve("a.txt"), LATIN1);
        ToolOutcome o = f.call("patch", "{\"path\":\"a.txt\",\"old_string\":\"todo\",\"new_string\":\"\u20ac 5\"}");
        assertThat(o.isError()).isTrue();
        assertThat(o.content()).contains("a.txt is not UTF-8 (first invalid byte 0xE9 at line 1)", "ISO-8859-1",
                "'\u20ac' (U+20AC)", "nothing was changed");
        assertThat(Files.readAllBytes(dir.resolve("a.txt"))).isEqualTo(LATIN1);
    }

    @Test
    void aUnifiedDiffKeepsEachFilesEncoding() throws Exception {
        Fixture f = new Fixture(dir);
        Files.write(dir.resolve("a.txt"), LATIN1);
        Files.writeString(dir.resolve("b.txt"), "\u00fcber\n");
        String diff = "--- a/a.txt\n+++ b/a.txt\n@@ -2 +2 @@\n-status: todo\n+status: done\n"
                + "--- a/b.txt\n+++ b/b.txt\n@@ -1 +1 @@\n-\u00fcber\n+\u00fcber alles\n";
        ToolOutcome o = f.call("patch", "{\"patch\":" + q(diff) + "}");
        assertThat(o.isError()).as(o.content()).isFalse();
        assertThat(Files.readAllBytes(dir.resolve("a.txt")))
                .isEqualTo("caf\u00e9\nstatus: done\nna\u00efve\n".getBytes(StandardCharsets.ISO_8859_1));
        assertThat(dir.resolve("b.txt")).hasContent("\u00fcber alles\n");
    }

    @Test
    void readFileSaysWhenAFileIsNotUtf8AndShowsItsBytesAsLatin1() throws Exception {
        Fixture f = new Fixture(dir);
        Files.write(dir.resolve("a.txt"), LATIN1);
        assertThat(f.call("read_file", "{\"path\":\"a.txt\"}").content()).isEqualTo(
                "    1|caf\u00e9\n    2|status: todo\n    3|na\u00efve\n[note: a.txt is not valid UTF-8 (first invalid byte"
                        + " 0xE9 at line 1); it is shown as ISO-8859-1, one character per byte, and patch edits it in that encoding]\n");
        Files.writeString(dir.resolve("u.txt"), "caf\u00e9\r\n");
        assertThat(f.call("read_file", "{\"path\":\"u.txt\"}").content()).isEqualTo("    1|caf\u00e9\n");
    }

    @Test
    void aHugeSingleLineIsCutAndCountingStopsWithinItsBudget() throws Exception {
        Fixture f = new Fixture(dir);
        Path big = dir.resolve("big.txt");
        try (RandomAccessFile raf = new RandomAccessFile(big.toFile(), "rw")) {
            raf.write(("first\n" + "y".repeat(10_000)).getBytes(StandardCharsets.US_ASCII));
            raf.write("\n".repeat(5).getBytes(StandardCharsets.US_ASCII));
            raf.setLength(ReadFileTool.SCAN_BUDGET_BYTES * 2); // a sparse tail: NUL bytes, no line breaks
        }
        String out = f.call("read_file", "{\"path\":\"big.txt\",\"limit\":2}").content();
        assertThat(out).startsWith("    1|first\n    2|" + "y".repeat(2000) + " [line cut at 2000 characters]\n")
                .endsWith("[showing lines 1-2; stopped reading 64 MiB after line 1 began, so the lines after are not counted"
                        + " (the file is " + ReadFileTool.SCAN_BUDGET_BYTES * 2 + " bytes); continue with offset=3]\n");
    }
}

package dev.hermes.tools;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static dev.hermes.tools.Fixture.q;
import static org.assertj.core.api.Assertions.assertThat;

class FileToolsTest {

    @TempDir
    Path temp;

    private Fixture fixture() throws Exception {
        Files.createDirectories(temp.resolve("ws"));
        Files.createDirectories(temp.resolve("outside"));
        Files.writeString(temp.resolve("outside/secret.txt"), "top secret\n");
        return new Fixture(temp.resolve("ws"));
    }

    @Test
    void readFileNumbersLinesAndPagesWithOffsetAndLimit() throws Exception {
        Fixture f = fixture();
        f.write("a.txt", IntStream.rangeClosed(1, 12).mapToObj(i -> "line " + i).collect(Collectors.joining("\n", "", "\n")));

        ToolOutcome all = f.call("read_file", "{\"path\":\"a.txt\"}");
        assertThat(all.isError()).isFalse();
        assertThat(all.content()).startsWith("    1|line 1\n    2|line 2\n").contains("   12|line 12\n").doesNotContain("showing");

        ToolOutcome window = f.call("read_file", "{\"path\":\"a.txt\",\"offset\":10,\"limit\":2}");
        assertThat(window.content()).isEqualTo("   10|line 10\n   11|line 11\n[showing lines 10-11 of 12; continue with offset=12]\n");

        assertThat(f.call("read_file", "{\"path\":\"a.txt\",\"offset\":13}").content()).contains("past the end", "12 lines");
    }

    @Test
    void readFileRefusesBinaryMissingDirectoryAndEscapes() throws Exception {
        Fixture f = fixture();
        Files.write(f.dir.resolve("image.bin"), new byte[]{(byte) 0x89, 'P', 'N', 'G', 0, 0, 1});
        Files.createDirectories(f.dir.resolve("sub"));
        Files.createSymbolicLink(f.dir.resolve("leak"), temp.resolve("outside/secret.txt"));

        assertThat(f.call("read_file", "{\"path\":\"image.bin\"}")).satisfies(o -> {
            assertThat(o.isError()).isTrue();
            assertThat(o.content()).contains("image.bin is a binary file");
        });
        assertThat(f.call("read_file", "{\"path\":\"nope.txt\"}").content()).contains("file not found: nope.txt");
        assertThat(f.call("read_file", "{\"path\":\"sub\"}").content()).contains("is a directory");
        for (String path : new String[]{"../outside/secret.txt", temp.resolve("outside/secret.txt").toString(), "/etc/passwd", "leak"}) {
            ToolOutcome o = f.call("read_file", "{\"path\":" + q(path) + "}");
            assertThat(o.isError()).as(path).isTrue();
            assertThat(o.content()).as(path).doesNotContain("top secret").contains("workspace");
        }
    }

    @Test
    void readFileStopsAtItsByteCapOnALineBoundary() throws Exception {
        Fixture f = fixture();
        f.write("big.txt", "x".repeat(90) + "\n" + "y".repeat(90) + "\n" + "z".repeat(90) + "\n");
        var tool = new ReadFileTool(200);
        ToolOutcome o = tool.run(dev.hermes.util.Json.MAPPER.readTree("{\"path\":\"big.txt\"}"), f.context);
        assertThat(o.content()).contains("    1|x", "    2|y").doesNotContain("    3|z")
                .contains("[showing lines 1-2 of 3 (output capped at 200 bytes); continue with offset=3]");
    }

    @Test
    void writeFileCreatesParentsReportsBytesAndLeavesNoTempFile() throws Exception {
        Fixture f = fixture();
        ToolOutcome o = f.call("write_file", "{\"path\":\"deep/er/n\u00e9w.txt\",\"content\":\"h\u00e9llo\\n\"}");
        assertThat(o.isError()).isFalse();
        assertThat(o.content()).isEqualTo("Created deep/er/n\u00e9w.txt (7 bytes written)");
        assertThat(f.read("deep/er/n\u00e9w.txt")).isEqualTo("h\u00e9llo\n");
        assertThat(Files.list(f.dir.resolve("deep/er")).map(p -> p.getFileName().toString())).containsExactly("n\u00e9w.txt");

        Path script = f.write("run.sh", "old");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-x---"));
        assertThat(f.call("write_file", "{\"path\":\"run.sh\",\"content\":\"new\"}").content()).startsWith("Overwrote run.sh");
        assertThat(Files.getPosixFilePermissions(script)).isEqualTo(PosixFilePermissions.fromString("rwxr-x---"));
    }

    @Test
    void writeFileRefusesEscapesAndSymlinksWithoutTouchingAnything() throws Exception {
        Fixture f = fixture();
        Files.createSymbolicLink(f.dir.resolve("out"), temp.resolve("outside"));
        Files.createSymbolicLink(f.dir.resolve("leak.txt"), temp.resolve("outside/secret.txt"));
        var before = Fixture.snapshot(temp);
        for (String path : new String[]{"../outside/x.txt", "/tmp/hermes-escape.txt", "out/x.txt", "out/new/dir/x.txt", "leak.txt"}) {
            ToolOutcome o = f.call("write_file", "{\"path\":" + q(path) + ",\"content\":\"pwned\"}");
            assertThat(o.isError()).as(path).isTrue();
            assertThat(o.content()).as(path).contains("refused");
        }
        assertThat(Fixture.snapshot(temp)).isEqualTo(before);
        assertThat(Path.of("/tmp/hermes-escape.txt")).doesNotExist();
    }

    @Test
    void listDirShowsTypesAndSizesSortedAndRefusesFiles() throws Exception {
        Fixture f = fixture();
        f.write("b.txt", "12345");
        f.write("a/inner.txt", "x");
        Files.createSymbolicLink(f.dir.resolve("c-link"), Path.of("b.txt"));
        assertThat(f.call("list_dir", "{}").content()).isEqualTo("dir   a/\nfile  b.txt  (5 bytes)\nlink  c-link -> b.txt\n");
        assertThat(f.call("list_dir", "{\"path\":\"a\"}").content()).isEqualTo("file  inner.txt  (1 bytes)\n");
        assertThat(f.call("list_dir", "{\"path\":\"b.txt\"}").content()).contains("not a directory");
        assertThat(f.call("list_dir", "{\"path\":\"..\"}").isError()).isTrue();
    }

    @Test
    void listDirCapsEntries() throws Exception {
        Fixture f = fixture();
        for (int i = 0; i < ListDirTool.MAX_ENTRIES + 3; i++) f.write("d/f" + String.format("%04d", i), "");
        String out = f.call("list_dir", "{\"path\":\"d\"}").content();
        assertThat(out.lines().filter(l -> l.startsWith("file")).count()).isEqualTo(ListDirTool.MAX_ENTRIES);
        assertThat(out).endsWith("[3 more entries not shown; 503 in total]\n");
    }
}

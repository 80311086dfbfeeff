package dev.hermes.tools;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A hostile process swapping a workspace directory for a link to the outside, as fast as it can,
 * while the file tools use a path through it: whatever the timing, nothing outside is read or
 * written. (Before files were opened by walking the path without following links, the swap
 * landing between the confinement check and the open escaped within a few hundred calls.)
 */
class SymlinkRaceTest {

    private static final long RACE_NANOS = 3_000_000_000L;

    @TempDir
    Path temp;

    /** Swaps {@code ws/dir} between a real directory and a link to {@code outside} until stopped. */
    private static Thread swapper(Path ws, Path outside, AtomicBoolean stop, AtomicLong swaps) throws Exception {
        Path dir = ws.resolve("dir");
        Path real = Files.createDirectories(ws.resolve(".real"));
        Files.writeString(real.resolve("f.txt"), "inside\n");
        Path link = Files.createSymbolicLink(ws.resolve(".link"), outside);
        return Thread.ofPlatform().start(() -> {
            while (!stop.get()) {
                try {
                    Files.move(real, dir);
                    Files.move(dir, real);
                    Files.move(link, dir);
                    Files.move(dir, link);
                    swaps.incrementAndGet();
                } catch (Exception e) {
                    clear(dir, real, link); // write_file made 'dir' while it was away: take it away again
                }
            }
        });
    }

    private static void clear(Path dir, Path real, Path link) {
        try {
            if (!Files.exists(real, java.nio.file.LinkOption.NOFOLLOW_LINKS)) Files.move(dir, real);
            else if (!Files.exists(link, java.nio.file.LinkOption.NOFOLLOW_LINKS)) Files.move(dir, link);
            else if (Files.isDirectory(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                try (Stream<Path> walk = Files.walk(dir)) {
                    for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
                }
            }
        } catch (Exception ignored) {
            // the next round tries again
        }
    }

    @Test
    void aLinkSwappedInBetweenTheCheckAndTheOpenNeverLetsAToolReadOrWriteOutside() throws Exception {
        Path ws = Files.createDirectories(temp.resolve("ws"));
        Path outside = Files.createDirectories(temp.resolve("outside"));
        Files.writeString(outside.resolve("f.txt"), "OUTSIDE SECRET\n");
        Fixture f = new Fixture(ws);
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong swaps = new AtomicLong();
        Thread swapper = swapper(ws, outside, stop, swaps);
        List<String> leaks = new ArrayList<>();
        int calls = 0;
        try {
            long end = System.nanoTime() + RACE_NANOS;
            while (System.nanoTime() < end) {
                calls++;
                for (int i = 0; i < 20; i++) { // reads are the cheapest calls: most of the attempts
                    String read = f.call("read_file", "{\"path\":\"dir/f.txt\"}").content();
                    if (read.contains("OUTSIDE")) leaks.add("read_file: " + read);
                }
                f.call("write_file", "{\"path\":\"dir/new.txt\",\"content\":\"planted\"}");
                f.call("patch", "{\"path\":\"dir/f.txt\",\"old_string\":\"SECRET\",\"new_string\":\"changed\"}");
                String found = f.call("search_files", "{\"pattern\":\"OUTSIDE\"}").content();
                if (found.contains("OUTSIDE SECRET")) leaks.add("search_files: " + found);
            }
        } finally {
            stop.set(true);
            swapper.join();
        }
        assertThat(calls).isGreaterThan(10);
        assertThat(swaps.get()).as("the swapper kept swapping").isGreaterThan(100);
        assertThat(leaks).as("reads that escaped in " + calls + " rounds").isEmpty();
        try (Stream<Path> files = Files.list(outside)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("f.txt");
        }
        assertThat(outside.resolve("f.txt")).hasContent("OUTSIDE SECRET\n");
    }

    /** The same race with the timing forced: checked while a directory, swapped for a link, then used. */
    @Test
    void aPathCheckedBeforeADirectoryBecameALinkIsRefusedWhenUsed() throws Exception {
        Path ws = Files.createDirectories(temp.resolve("ws"));
        Path outside = Files.createDirectories(temp.resolve("outside"));
        Files.writeString(outside.resolve("f.txt"), "OUTSIDE SECRET\n");
        Files.createDirectories(ws.resolve("a/dir"));
        Files.writeString(ws.resolve("a/dir/f.txt"), "inside\n");
        Workspace workspace = Workspace.at(ws);
        Path checked = workspace.resolve("a/dir/f.txt");
        Path checkedNew = workspace.resolve("a/dir/new.txt");
        Path checkedDir = workspace.resolve("a/dir");
        Files.move(ws.resolve("a/dir"), ws.resolve("a/was-dir"));
        Files.createSymbolicLink(ws.resolve("a/dir"), outside);

        assertThatThrownBy(() -> ConfinedFiles.openRead(workspace, checked)).isInstanceOf(ToolException.class)
                .hasMessageContaining("path 'a/dir/f.txt' changed while it was opened").hasMessageContaining("refused");
        assertThatThrownBy(() -> ConfinedFiles.write(workspace, checkedNew, "planted".getBytes()))
                .isInstanceOf(ToolException.class).hasMessageContaining("changed while it was opened");
        assertThatThrownBy(() -> ConfinedFiles.delete(workspace, checked)).isInstanceOf(ToolException.class);
        assertThatThrownBy(() -> ConfinedFiles.list(workspace, checkedDir)).isInstanceOf(ToolException.class)
                .hasMessageContaining("changed while it was opened");
        try (Stream<Path> files = Files.list(outside)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("f.txt");
        }
        // the last name swapped for a link is not followed either
        Files.delete(ws.resolve("a/dir"));
        Files.move(ws.resolve("a/was-dir"), ws.resolve("a/dir"));
        Path file = workspace.resolve("a/dir/f.txt");
        Files.delete(file);
        Files.createSymbolicLink(file, outside.resolve("f.txt"));
        assertThatThrownBy(() -> ConfinedFiles.openRead(workspace, file)).isInstanceOf(ToolException.class);
        assertThat(outside.resolve("f.txt")).hasContent("OUTSIDE SECRET\n");
    }
}

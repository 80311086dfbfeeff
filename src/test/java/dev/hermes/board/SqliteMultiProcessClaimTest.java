package dev.hermes.board;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Three JVMs claim from one SQLite board at once: no task is claimed twice across processes. */
final class SqliteMultiProcessClaimTest {

    private static final int TASKS = 150;
    private static final int PROCESSES = 3;

    @TempDir
    Path dir;

    @Test
    void childProcessesNeverClaimTheSameTask() throws Exception {
        Path board = dir.resolve("board.db");
        Path go = dir.resolve("go");
        try (BoardStore store = SqliteBoardStore.open(board)) {
            for (int i = 0; i < TASKS; i++) {
                store.create(NewTask.builder("task " + i).status(TaskStatus.READY).build());
            }
        }
        List<Process> children = new ArrayList<>();
        List<BufferedReader> outputs = new ArrayList<>();
        try {
            for (int i = 0; i < PROCESSES; i++) {
                Process p = new ProcessBuilder(javaBinary(), "-cp", System.getProperty("java.class.path"),
                        ClaimWorkerMain.class.getName(), board.toString(), go.toString())
                        .redirectError(dir.resolve("child" + i + ".err").toFile()).start();
                children.add(p);
                BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
                outputs.add(out);
            }
            for (BufferedReader out : outputs) {
                assertThat(out.readLine()).startsWith("ready ");
            }
            Files.createFile(go);

            List<String> claimed = new ArrayList<>();
            List<Integer> perChild = new ArrayList<>();
            for (int i = 0; i < PROCESSES; i++) {
                List<String> lines = outputs.get(i).lines().toList();
                assertThat(children.get(i).waitFor(60, TimeUnit.SECONDS)).isTrue();
                assertThat(children.get(i).exitValue()).as(stderr(i)).isZero();
                assertThat(lines).noneMatch(l -> l.startsWith("rejected"));
                List<String> mine = lines.stream().filter(l -> l.startsWith("claimed ")).toList();
                perChild.add(mine.size());
                claimed.addAll(mine);
            }

            Set<String> distinct = new HashSet<>(claimed);
            assertThat(claimed).hasSize(TASKS);
            assertThat(distinct).hasSize(TASKS);
            assertThat(claimed).allMatch(l -> l.endsWith(" 1"));
            assertThat(perChild.stream().filter(n -> n > 0).count()).as("children that claimed something: " + perChild)
                    .isGreaterThanOrEqualTo(2);
            try (BoardStore store = SqliteBoardStore.open(board)) {
                List<Task> all = store.list(TaskQuery.ALL);
                assertThat(all).hasSize(TASKS).allMatch(t -> t.status() == TaskStatus.DONE && t.attempt() == 1);
                for (Task t : all) {
                    assertThat(store.runs(t.id())).singleElement().extracting(Run::outcome)
                            .isEqualTo(RunOutcome.COMPLETED);
                }
            }
        } finally {
            children.forEach(Process::destroyForcibly);
        }
    }

    private String stderr(int child) {
        try {
            return Files.readString(dir.resolve("child" + child + ".err"));
        } catch (IOException e) {
            return "(no stderr)";
        }
    }

    private static String javaBinary() {
        return ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString());
    }
}

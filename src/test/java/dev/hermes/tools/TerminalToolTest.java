package dev.hermes.tools;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static dev.hermes.tools.Fixture.q;
import static org.assertj.core.api.Assertions.assertThat;

class TerminalToolTest {

    @TempDir
    Path temp;

    private Fixture fixture() throws Exception {
        return new Fixture(Files.createDirectories(temp.resolve("ws")));
    }

    @Test
    void runsInTheWorkspaceWithInterleavedOutputAndExitCode() throws Exception {
        Fixture f = fixture();
        Files.createDirectories(f.dir.resolve("sub"));
        ToolOutcome o = f.call("terminal", "{\"command\":\"echo out; echo err >&2; pwd; exit 3\"}");
        assertThat(o.isError()).isFalse();
        assertThat(o.content()).isEqualTo("out\nerr\n" + f.workspace.root() + "\n[exit code: 3]");
        assertThat(f.call("terminal", "{\"command\":\"pwd\",\"workdir\":\"sub\"}").content())
                .isEqualTo(f.workspace.root().resolve("sub") + "\n[exit code: 0]");
        assertThat(f.call("terminal", "{\"command\":\"true\"}").content()).isEqualTo("(no output)\n[exit code: 0]");
    }

    @Test
    void workdirIsConfinedAndBadTimeoutsAreRefusedBeforeRunning() throws Exception {
        Fixture f = fixture();
        assertThat(f.call("terminal", "{\"command\":\"touch x\",\"workdir\":\"..\"}").content()).contains("outside the workspace");
        assertThat(f.call("terminal", "{\"command\":\"touch x\",\"workdir\":\"missing\"}").content()).contains("not a directory");
        assertThat(f.call("terminal", "{\"command\":\"touch x\",\"timeout\":0}").content()).contains("timeout 0.0 s is out of range");
        assertThat(f.dir.resolve("x")).doesNotExist();
        assertThat(temp.resolve("x")).doesNotExist();
    }

    @Test
    void timeoutKillsTheWholeTreeIncludingBackgroundGrandchildren() throws Exception {
        Fixture f = fixture();
        String command = "echo $$ > sh.pid; sleep 30 & echo $! > bg.pid;"
                + " bash -c 'sleep 30 & echo $! > gc.pid; wait' & sleep 30";
        long start = System.nanoTime();
        ToolOutcome o = f.call("terminal", "{\"command\":" + q(command) + ",\"timeout\":0.3}");
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertThat(o.isError()).isTrue();
        assertThat(o.content()).contains("[timed out after 0.3 s; the command and all its processes were killed]");
        assertThat(millis).isBetween(250L, 3000L);
        assertDead(f, "sh.pid", "bg.pid", "gc.pid");
    }

    @Test
    void processesIgnoringSigtermAreKilledAfterTheGracePeriod() throws Exception {
        Fixture f = fixture();
        String command = "trap '' TERM; sleep 30 & echo $! > bg.pid; sleep 30";
        long start = System.nanoTime();
        ToolOutcome o = f.call("terminal", "{\"command\":" + q(command) + ",\"timeout\":0.2}");
        assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(3000);
        assertThat(o.content()).contains("timed out");
        assertDead(f, "bg.pid");
    }

    @Test
    void backgroundProcessesDoNotOutliveANormalExit() throws Exception {
        Fixture f = fixture();
        long start = System.nanoTime();
        ToolOutcome o = f.call("terminal", "{\"command\":\"sleep 30 & echo $! > bg.pid; echo done\"}");
        assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(3000);
        assertThat(o.content()).isEqualTo("done\n[exit code: 0]");
        assertDead(f, "bg.pid");
    }

    @Test
    void jobsInProcessGroupsOfTheirOwnDoNotOutliveTheCall() throws Exception {
        Fixture f = fixture();
        // job control gives each job its own process group; the subshell orphans its child at once
        ToolOutcome o = f.call("terminal", "{\"command\":" + q("set -m; sleep 30 & echo $! > bg.pid;"
                + " (sleep 30 & echo $! > orphan.pid); echo done") + "}");
        assertThat(o.content()).isEqualTo("done\n[exit code: 0]");
        assertDead(f, "bg.pid", "orphan.pid");
    }

    @Test
    void cancellationStopsARunningCommandPromptly() throws Exception {
        Fixture f = fixture();
        CancelSignal cancel = new CancelSignal();
        f.context = f.context.withCancel(cancel);
        var result = CompletableFuture.supplyAsync(() -> call(f, "sleep 30 & echo $! > bg.pid; sleep 30"));
        awaitFile(f.dir.resolve("bg.pid"));
        long start = System.nanoTime();
        cancel.cancel();
        ToolOutcome o = result.get(3, TimeUnit.SECONDS);
        assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(1000);
        assertThat(o.isError()).isTrue();
        assertThat(o.content()).contains("[cancelled; the command and all its processes were killed]");
        assertDead(f, "bg.pid");
    }

    @Test
    void interruptingTheCallerKillsTheTreeAndPropagates() throws Exception {
        Fixture f = fixture();
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread caller = Thread.ofPlatform().start(() -> {
            try {
                f.call("terminal", "{\"command\":\"sleep 30 & echo $! > bg.pid; sleep 30\"}");
            } catch (Throwable t) {
                thrown.set(t);
            }
        });
        awaitFile(f.dir.resolve("bg.pid"));
        caller.interrupt();
        caller.join(3000);
        assertThat(caller.isAlive()).isFalse();
        assertThat(thrown.get()).isInstanceOf(InterruptedException.class);
        assertDead(f, "bg.pid");
    }

    @Test
    void longOutputKeepsHeadAndTailWithATruncationMarker() throws Exception {
        Fixture f = fixture();
        var settings = new TerminalTool.Settings(Fixture.FAST_TERMINAL.defaultTimeout(), Fixture.FAST_TERMINAL.maxTimeout(),
                Fixture.FAST_TERMINAL.killGrace(), 1000, Fixture.FAST_TERMINAL.poll(), Fixture.FAST_TERMINAL.clock(),
                Fixture.FAST_TERMINAL.sleeper());
        ToolOutcome o = new TerminalTool(settings).run(dev.hermes.util.Json.MAPPER.readTree("{\"command\":\"seq 1 10000\"}"), f.context);
        int total = IntStream.rangeClosed(1, 10000).mapToObj(i -> i + "\n").collect(Collectors.joining()).length();
        assertThat(o.content()).startsWith("1\n2\n3\n").contains("9999\n10000\n[exit code: 0]")
                .contains("\n[truncated " + (total - 1000) + " bytes]\n");
        assertThat(o.content().length()).isLessThan(1100);
    }

    @Test
    void activityHookFiresWhileACommandRuns() throws Exception {
        Fixture f = fixture();
        AtomicInteger beats = new AtomicInteger();
        f.context = f.context.withOnActivity(beats::incrementAndGet);
        f.call("terminal", "{\"command\":\"sleep 0.1\"}");
        assertThat(beats.get()).isGreaterThanOrEqualTo(1);
    }

    @Test
    void aSymlinkCreatedByTheTerminalCannotBeUsedToEscape() throws Exception {
        Fixture f = fixture();
        Files.createDirectories(temp.resolve("outside"));
        Files.writeString(temp.resolve("outside/secret.txt"), "top secret\n");
        f.call("terminal", "{\"command\":" + q("ln -s " + temp.resolve("outside") + " escape") + "}");
        assertThat(Files.isSymbolicLink(f.dir.resolve("escape"))).isTrue();
        var before = Fixture.snapshot(temp.resolve("outside"));
        assertThat(f.call("read_file", "{\"path\":\"escape/secret.txt\"}").content()).contains("symbolic link").doesNotContain("top secret");
        assertThat(f.call("write_file", "{\"path\":\"escape/new.txt\",\"content\":\"x\"}").isError()).isTrue();
        assertThat(f.call("patch", "{\"path\":\"escape/secret.txt\",\"old_string\":\"top\",\"new_string\":\"no\"}").isError()).isTrue();
        assertThat(f.call("terminal", "{\"command\":\"ls\",\"workdir\":\"escape\"}").isError()).isTrue();
        assertThat(Fixture.snapshot(temp.resolve("outside"))).isEqualTo(before);
    }

    private static ToolOutcome call(Fixture f, String command) {
        try {
            return f.call("terminal", "{\"command\":" + q(command) + "}");
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void awaitFile(Path file) throws Exception {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (!(Files.exists(file) && Files.size(file) > 0)) {
            if (System.nanoTime() > deadline) throw new AssertionError(file + " never appeared");
            Thread.sleep(5);
        }
    }

    /** Every pid named in the files is gone (zombies awaiting reaping by init count as gone). */
    private static void assertDead(Fixture f, String... pidFiles) throws Exception {
        for (String pidFile : pidFiles) {
            long pid = Long.parseLong(f.read(pidFile).strip());
            assertThat(ProcessHandle.of(pid).map(ProcessTree::alive).orElse(false)).as(pidFile + " pid " + pid).isFalse();
        }
    }
}

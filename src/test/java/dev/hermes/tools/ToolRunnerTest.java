package dev.hermes.tools;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hermes.llm.ContentBlock;
import dev.hermes.llm.ToolDefinition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ToolRunnerTest {

    @TempDir
    Path dir;

    @Test
    void resultCarriesTheCallIdAndToolOutput() throws Exception {
        Fixture f = new Fixture(dir);
        ContentBlock.ToolResult result = f.runner.run(
                new ContentBlock.ToolUse("call_7", "write_file", "{\"path\":\"a.txt\",\"content\":\"hi\"}"), f.context);
        assertThat(result).isEqualTo(new ContentBlock.ToolResult("call_7", "Created a.txt (2 bytes written)", false));
        assertThat(f.read("a.txt")).isEqualTo("hi");
    }

    @Test
    void invalidArgumentsAreErrorsAndNothingIsExecuted() throws Exception {
        Fixture f = new Fixture(dir);
        f.write("keep.txt", "keep\n");
        var before = Fixture.snapshot(dir);
        assertError(f.call("write_file", "{\"path\":\"a.txt\",\"content\":"), "not valid JSON", "nothing was executed");
        assertError(f.call("write_file", "[1,2]"), "must be a JSON object");
        assertError(f.call("write_file", "{\"path\":\"a.txt\"}"), "missing required argument 'content'");
        assertError(f.call("write_file", "{\"path\":\"a.txt\",\"content\":42}"), "argument 'content' must be a string, got number 42");
        assertError(f.call("write_file", "{\"file_path\":\"a.txt\",\"content\":\"x\"}"),
                "unknown argument 'file_path' (accepted: path, content)", "missing required argument 'path'");
        assertError(f.call("search_files", "{\"pattern\":\"x\",\"target\":\"dirs\"}"), "must be one of [\"content\",\"files\"]");
        assertError(f.call("read_file", "{\"path\":\"keep.txt\",\"limit\":\"ten\"}"), "'limit' must be an integer");
        assertError(f.call("terminal", "{\"command\":\"touch made-by-terminal\",\"timeout\":\"soon\"}"), "'timeout' must be a number");
        assertError(f.call("rm_rf", "{\"path\":\".\"}"), "unknown tool 'rm_rf'", "read_file, write_file, patch, search_files, list_dir, terminal");
        assertThat(Fixture.snapshot(dir)).isEqualTo(before);
    }

    @Test
    void nullOptionalArgumentsCountAsAbsentAndEmptyArgumentsMeanNone() throws Exception {
        Fixture f = new Fixture(dir);
        f.write("a.txt", "x\n");
        assertThat(f.call("read_file", "{\"path\":\"a.txt\",\"offset\":null,\"limit\":null}").content()).isEqualTo("    1|x\n");
        assertThat(f.call("list_dir", "").content()).isEqualTo("file  a.txt  (2 bytes)\n");
        assertThat(f.call("read_file", "{\"path\":\"a.txt\",\"limit\":0}").content()).contains("'limit' is 0", "between 1 and 2000");
    }

    @Test
    void exceptionsInsideAToolBecomeErrorResults() throws Exception {
        Tool broken = new Tool() {
            @Override
            public ToolDefinition definition() {
                return new ToolDefinition("broken", "always throws", "{\"type\":\"object\"}");
            }

            @Override
            public boolean readOnly() {
                return true;
            }

            @Override
            public ToolOutcome run(JsonNode arguments, ToolContext context) {
                throw new IllegalStateException("boom");
            }
        };
        ToolRunner runner = new ToolRunner(ToolRegistry.of(List.of(broken)));
        ToolOutcome o = runner.execute("broken", "{}", ToolContext.of(Workspace.at(dir), ApprovalPolicy.yolo()));
        assertThat(o.isError()).isTrue();
        assertThat(o.content()).isEqualTo("broken failed unexpectedly: java.lang.IllegalStateException: boom");
    }

    /** A tool that never looks at its cancel signal, and recurses or spins as told. */
    private static Tool stubborn(String name, Runnable body) {
        return new Tool() {
            @Override
            public ToolDefinition definition() {
                return new ToolDefinition(name, "ignores cancellation", "{\"type\":\"object\"}");
            }

            @Override
            public boolean readOnly() {
                return true;
            }

            @Override
            public ToolOutcome run(JsonNode arguments, ToolContext context) {
                body.run();
                return ToolOutcome.ok("finished");
            }
        };
    }

    private static int depth(int n) {
        return depth(n + 1) + 1;
    }

    @Test
    void aStackOverflowInsideAToolIsAnErrorResultNotTheProcessEnd() throws Exception {
        ToolRunner runner = new ToolRunner(ToolRegistry.of(List.of(stubborn("deep", () -> depth(0)))));
        ToolOutcome o = runner.execute("deep", "{}", ToolContext.of(Workspace.at(dir), ApprovalPolicy.yolo()));
        assertThat(o.isError()).isTrue();
        assertThat(o.content()).startsWith("deep failed: StackOverflowError");
    }

    @Test
    void aToolThatIgnoresItsDeadlineIsStoppedAndTheCallEndsWithAnError() throws Exception {
        java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
        Tool spin = stubborn("spin", () -> {
            while (!stop.get()) Thread.onSpinWait(); // deaf to cancel and to interrupts
        });
        ToolRunner runner = new ToolRunner(ToolRegistry.of(List.of(spin)), 1000, java.time.Duration.ofMillis(200),
                dev.hermes.util.MonotonicClock.SYSTEM);
        long t0 = System.nanoTime();
        ToolOutcome o = runner.execute("spin", "{}", ToolContext.of(Workspace.at(dir), ApprovalPolicy.yolo()));
        long ms = (System.nanoTime() - t0) / 1_000_000;
        stop.set(true);
        assertThat(o.isError()).isTrue();
        assertThat(o.content()).contains("spin did not stop within 5 s of being cancelled and was abandoned",
                "[stopped: the tool deadline of 0 s passed (agent.tool_timeout_seconds)]");
        assertThat(ms).isBetween(200L + ToolRunner.STOP_GRACE.toMillis(), 60_000L);
    }

    @Test
    void aCooperativeToolStopsAtItsDeadlineWithoutWaitingForTheGrace() throws Exception {
        Fixture f = new Fixture(dir);
        ToolRunner runner = new ToolRunner(Toolsets.select(List.of(), Fixture.FAST_TERMINAL), 10_000,
                java.time.Duration.ofMillis(300), dev.hermes.util.MonotonicClock.SYSTEM);
        ToolOutcome o = runner.execute("terminal", "{\"command\":\"sleep 30\",\"timeout\":60}", f.context);
        assertThat(o.isError()).isTrue();
        assertThat(o.content()).contains("the command and all its processes were killed", "tool deadline");
    }

    @Test
    void outputIsCappedWithATruncationMarker() throws Exception {
        Fixture f = new Fixture(dir);
        f.write("a.txt", "\u00e9".repeat(100) + "\n");
        ToolRunner small = new ToolRunner(Toolsets.defaults(), 50);
        String out = small.execute("read_file", "{\"path\":\"a.txt\"}", f.context).content();
        assertThat(out).startsWith("    1|\u00e9").doesNotContain("\ufffd");
        assertThat(out).endsWith("[truncated " + (6 + 200 + 1 - 50) + " bytes]");
    }

    @Test
    void toolsetsSelectToolsByNameAndRejectUnknownOnes() {
        assertThat(Toolsets.select(List.of("file"), Fixture.FAST_TERMINAL).names())
                .containsExactly("read_file", "write_file", "patch", "search_files", "list_dir");
        assertThat(Toolsets.select(List.of("terminal"), Fixture.FAST_TERMINAL).names()).containsExactly("terminal");
        assertThat(Toolsets.defaults().definitions()).hasSize(6);
        assertThat(Toolsets.defaults().tools()).filteredOn(Tool::readOnly).extracting(Tool::name)
                .containsExactly("read_file", "search_files", "list_dir");
        assertThat(Toolsets.names()).containsOnlyKeys("file", "terminal");
        assertThatThrownBy(() -> Toolsets.select(List.of("web"), Fixture.FAST_TERMINAL))
                .hasMessage("unknown toolset 'web'; known: file, terminal, all");
    }

    private static void assertError(ToolOutcome outcome, String... fragments) {
        assertThat(outcome.isError()).as(outcome.content()).isTrue();
        assertThat(outcome.content()).contains(fragments);
    }
}

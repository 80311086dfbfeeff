package dev.hermes.tools;

import dev.hermes.util.MonotonicClock;
import dev.hermes.util.Sleeper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/** A workspace in a temp directory with every tool behind a real {@link ToolRunner}. */
final class Fixture {

    static final TerminalTool.Settings FAST_TERMINAL = new TerminalTool.Settings(Duration.ofSeconds(10),
            Duration.ofMinutes(5), Duration.ofMillis(150), 64 * 1024, Duration.ofMillis(10),
            MonotonicClock.SYSTEM, Sleeper.SYSTEM);

    final Path dir;
    final Workspace workspace;
    final ToolRunner runner;
    ToolContext context;

    Fixture(Path dir) throws IOException {
        this(dir, ApprovalPolicy.yolo());
    }

    Fixture(Path dir, ApprovalPolicy approval) throws IOException {
        this.dir = dir;
        this.workspace = Workspace.at(dir);
        this.runner = new ToolRunner(Toolsets.select(List.of(), FAST_TERMINAL));
        this.context = ToolContext.of(workspace, approval);
    }

    ToolOutcome call(String tool, String json) throws InterruptedException {
        return runner.execute(tool, json, context);
    }

    Path write(String relative, String content) throws IOException {
        Path file = dir.resolve(relative);
        Files.createDirectories(file.getParent());
        return Files.writeString(file, content);
    }

    String read(String relative) throws IOException {
        return Files.readString(dir.resolve(relative));
    }

    /** Every entry under {@code root} (links not followed) with its content, to prove nothing changed. */
    static Map<String, String> snapshot(Path root) {
        Map<String, String> state = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(root)) {
            walk.forEach(p -> {
                try {
                    String key = root.relativize(p).toString();
                    if (Files.isSymbolicLink(p)) state.put(key, "link:" + Files.readSymbolicLink(p));
                    else if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) state.put(key, Files.readString(p));
                    else state.put(key, "dir");
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return state;
    }

    /** A JSON string literal. */
    static String q(String text) {
        return dev.hermes.util.Json.MAPPER.valueToTree(text).toString();
    }
}

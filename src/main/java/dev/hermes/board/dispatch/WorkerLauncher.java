package dev.hermes.board.dispatch;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Starts worker processes. The dispatcher's only way to create one, so tests can watch it. */
@FunctionalInterface
public interface WorkerLauncher {

    /**
     * Starts {@code argv} in {@code workDir} with exactly {@code environment} (nothing inherited),
     * stdin from /dev/null, stdout and stderr appended to {@code log}.
     */
    Process launch(List<String> argv, Map<String, String> environment, Path workDir, Path log) throws IOException;

    WorkerLauncher PROCESS = (argv, environment, workDir, log) -> {
        ProcessBuilder pb = new ProcessBuilder(argv).directory(workDir.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .redirectErrorStream(true);
        pb.environment().clear();
        pb.environment().putAll(environment);
        return pb.start();
    };
}

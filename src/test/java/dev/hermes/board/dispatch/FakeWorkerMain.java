package dev.hermes.board.dispatch;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hermes.board.BoardLocation;
import dev.hermes.board.BoardOptions;
import dev.hermes.board.BoardStore;
import dev.hermes.board.worker.WorkerContext;
import dev.hermes.board.worker.WorkerSupport;
import dev.hermes.tools.ApprovalPolicy;
import dev.hermes.tools.Tool;
import dev.hermes.tools.ToolContext;
import dev.hermes.tools.ToolOutcome;
import dev.hermes.tools.Workspace;
import dev.hermes.util.Json;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.TreeMap;

/**
 * A worker process for dispatcher tests: reads its claim from the environment like a real worker,
 * writes its environment and working directory to {@code env.txt} in the workspace, then calls the
 * real {@code kanban_complete} tool.
 */
public final class FakeWorkerMain {

    public static void main(String[] args) throws Exception {
        WorkerContext ctx = WorkerContext.fromEnvironment();
        Files.writeString(Path.of("env.txt"), "cwd=" + Path.of("").toAbsolutePath() + "\n"
                + new TreeMap<>(System.getenv()).entrySet().stream().map(e -> e.getKey() + "=" + e.getValue() + "\n")
                        .reduce("", String::concat));
        try (BoardStore store = BoardLocation.open(ctx.board(), BoardOptions.DEFAULTS);
             WorkerSupport w = WorkerSupport.start(ctx, store, WorkerSupport.haltOnLoss(System.err))) {
            Tool complete = w.tools().stream().filter(t -> t.name().equals("kanban_complete")).findFirst().orElseThrow();
            JsonNode call = Json.MAPPER.readTree("{\"summary\":\"did it\",\"artifacts\":[\"env.txt\"]}");
            ToolOutcome out = complete.run(call, ToolContext.of(Workspace.at(ctx.workspace()), ApprovalPolicy.yolo()));
            System.out.println("complete: " + out.content());
            System.exit(out.isError() ? 9 : 0);
        }
    }
}

package dev.hermes.agent;

import dev.hermes.log.EventLog;
import dev.hermes.tools.ApprovalPolicy;
import dev.hermes.tools.TerminalTool;
import dev.hermes.tools.ToolContext;
import dev.hermes.tools.ToolRegistry;
import dev.hermes.tools.ToolRunner;
import dev.hermes.tools.Toolsets;
import dev.hermes.tools.Workspace;
import dev.hermes.util.MonotonicClock;
import dev.hermes.util.Sleeper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** A workspace, the real tools, a session store and logs in a temp directory, and a loop over a scripted model. */
final class Harness implements AutoCloseable {

    static final TerminalTool.Settings FAST_TERMINAL = new TerminalTool.Settings(Duration.ofSeconds(20),
            Duration.ofMinutes(5), Duration.ofMillis(150), 64 * 1024, Duration.ofMillis(10),
            MonotonicClock.SYSTEM, Sleeper.SYSTEM);

    final Path root;
    final Path workspaceDir;
    final SessionStore store;
    final EventLog log;
    final ScriptedModel model;
    final SingleRouteCaller caller;
    ToolRegistry tools;
    AgentSettings settings = AgentSettings.defaults("scripted-1", 10);

    Harness(Path root, ScriptedModel model) throws IOException {
        this.root = root;
        this.workspaceDir = Files.createDirectories(root.resolve("ws"));
        this.store = SessionStore.in(root.resolve("sessions"));
        this.log = EventLog.inDirectory(root.resolve("logs"));
        this.model = model;
        this.caller = new SingleRouteCaller(model.uri());
        this.tools = Toolsets.select(List.of(), FAST_TERMINAL);
    }

    ConversationLoop loop(Transcript transcript, String sessionId, List<dev.hermes.llm.Message> history) throws IOException {
        ToolContext context = ToolContext.of(Workspace.at(workspaceDir), ApprovalPolicy.yolo());
        return new ConversationLoop(new ConversationLoop.Setup(caller, tools, new ToolRunner(tools), context,
                "You are a test agent.", settings, transcript, log, sessionId), history);
    }

    ConversationLoop loop() throws IOException {
        return loop(Transcript.NONE, "test-session", List.of());
    }

    @Override
    public void close() {
        caller.close();
        model.close();
        log.close();
    }
}

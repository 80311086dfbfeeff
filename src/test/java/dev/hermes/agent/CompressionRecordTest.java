package dev.hermes.agent;

import dev.hermes.app.App;
import dev.hermes.llm.Message;
import dev.hermes.tools.ApprovalPolicy;
import dev.hermes.tools.ToolContext;
import dev.hermes.tools.ToolRunner;
import dev.hermes.tools.Workspace;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static dev.hermes.agent.ScriptedModel.answer;
import static org.assertj.core.api.Assertions.assertThat;

/** A recorded compression replays onto the history --resume rebuilds, also after a /reset. */
class CompressionRecordTest {

    @TempDir
    Path temp;

    @Test
    void aCompressionAfterResetIsReplayedAtItsPlaceInTheResumedHistory() throws Exception {
        ScriptedModel model = new ScriptedModel(answer("a1"), answer("a2"), answer("a3"), answer("a4"),
                answer("SUMMARY"), answer("a5"));
        try (Harness h = new Harness(temp, model)) {
            String id;
            List<Message> live;
            try (SessionWriter writer = h.store.create(App.newSessionId(), "scripted", "scripted-1", h.workspaceDir)) {
                id = writer.id();
                var compression = ProactiveCompressor.Settings.fixed(1, 1, 1, 1, 3, h.caller, "summarizer");
                ConversationLoop loop = new ConversationLoop(new ConversationLoop.Setup(h.caller, h.tools,
                        new ToolRunner(h.tools), ToolContext.of(Workspace.at(h.workspaceDir), ApprovalPolicy.yolo()),
                        "You are a test agent.", h.settings, writer, h.log, id, compression), List.of());
                loop.run("u1", new RecordingObserver());
                loop.run("u2", new RecordingObserver());
                loop.reset();
                loop.run("u3", new RecordingObserver());
                loop.run("u4", new RecordingObserver());
                loop.run("u5", new RecordingObserver()); // u3 [a3 u4 a4] u5: the middle is summarised
                live = loop.history();
            }
            assertThat(live).hasSize(4);
            assertThat(live.get(1).text()).startsWith("[CONTEXT COMPACTION").contains("SUMMARY");

            SessionStore.Loaded loaded = h.store.load(id);
            assertThat(loaded.warnings()).isEmpty();
            // what was forgotten by /reset is back, and the summary sits where it replaced a3 u4 a4
            assertThat(loaded.history()).extracting(Message::text).containsExactly("u1", "a1", "u2", "a2", "u3",
                    live.get(1).text(), "u5", "a5");
        }
    }
}

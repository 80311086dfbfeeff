package dev.hermes.agent;

import dev.hermes.app.App;
import com.fasterxml.jackson.databind.JsonNode;
import dev.hermes.llm.ContentBlock;
import dev.hermes.llm.Message;
import dev.hermes.llm.Role;
import dev.hermes.log.Redactor;
import dev.hermes.util.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

import static dev.hermes.agent.ScriptedModel.answer;
import static dev.hermes.agent.ScriptedModel.call;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SessionStoreTest {

    @TempDir
    Path temp;

    @Test
    void aSessionIsRecordedLineByLineAndResumedWithItsHistory() throws Exception {
        ScriptedModel model = new ScriptedModel(call("c1", "list_dir", "{}"), answer("nothing here"));
        try (Harness h = new Harness(temp, model)) {
            String id;
            List<Message> before;
            try (SessionWriter writer = h.store.create(App.newSessionId(), "scripted", "scripted-1", h.workspaceDir)) {
                id = writer.id();
                ConversationLoop loop = h.loop(writer, id, List.of());
                loop.run("what is in the workspace?", new RecordingObserver());
                before = loop.history();
            }
            List<String> types = Files.readAllLines(h.store.dir().resolve(id + ".jsonl")).stream()
                    .map(l -> parse(l).get("type").asText()).toList();
            assertThat(types).containsSubsequence("meta", "message", "attempt", "usage", "message", "tool_call",
                    "tool_result", "message", "outcome");

            SessionStore.Loaded loaded = h.store.load(id);
            assertThat(loaded.warnings()).isEmpty();
            assertThat(loaded.history()).isEqualTo(before);

            model.then(answer("still nothing"));
            try (SessionWriter writer = h.store.resume(id, "scripted", "scripted-1", h.workspaceDir).writer()) {
                ConversationLoop resumed = h.loop(writer, id, loaded.history());
                Outcome outcome = resumed.run("and now?", new RecordingObserver());
                assertThat(outcome).isInstanceOf(Outcome.Answered.class);
            }
            String body = model.requests().getLast().body();
            assertThat(body).contains("what is in the workspace?").contains("nothing here").contains("and now?");
            SessionStore.Info info = h.store.list().get(0);
            assertThat(info.id()).isEqualTo(id);
            assertThat(info.turns()).isEqualTo(2);
            assertThat(info.title()).isEqualTo("what is in the workspace?");
            assertThat(info.lastProvider()).isEqualTo("scripted");
        }
    }

    @Test
    void aTornLastLineIsIgnoredWithAWarningAndCutBeforeAppending() throws Exception {
        SessionStore store = SessionStore.in(temp);
        String id;
        try (SessionWriter w = store.create(App.newSessionId(), "p", "m", temp)) {
            id = w.id();
            w.message(Message.user("hello"), null, null);
            w.message(Message.assistant(List.of(new ContentBlock.Text("calling"),
                    new ContentBlock.ToolUse("t1", "terminal", "{\"command\":\"make\"}"))), "p", "m");
            w.toolCall(new ContentBlock.ToolUse("t1", "terminal", "{\"command\":\"make\"}"));
        }
        Path file = temp.resolve(id + ".jsonl");
        // a crash in the middle of writing the tool result
        Files.writeString(file, "{\"type\":\"tool_result\",\"id\":\"t1\",\"content\":\"bui", StandardOpenOption.APPEND);

        SessionStore.Loaded loaded = store.load(id);

        assertThat(loaded.warnings()).singleElement().asString().contains(":5:").contains("torn last line");
        assertThat(loaded.history()).extracting(Message::role).containsExactly(Role.USER, Role.ASSISTANT, Role.TOOL);
        ContentBlock.ToolResult lost = (ContentBlock.ToolResult) loaded.history().get(2).content().get(0);
        assertThat(lost.toolUseId()).isEqualTo("t1");
        assertThat(lost.isError()).isTrue();
        assertThat(lost.content()).isEqualTo(SessionStore.LOST_RESULT);

        try (SessionWriter w = store.resume(id, "p", "m", temp).writer()) {
            w.message(Message.user("again"), null, null);
        }
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        assertThat(lines).allSatisfy(l -> assertThat(parse(l).has("type")).isTrue());
        assertThat(store.load(id).warnings()).isEmpty();
        assertThat(store.load(id).history().getLast()).isEqualTo(Message.user("again"));
    }

    @Test
    void secretsNeverReachTheTranscriptOrTheLogs() throws Exception {
        String planted = "plantedsecretvalue-0123456789";
        Redactor.remember(planted);
        ScriptedModel model = new ScriptedModel(call("c1", "read_file", "{\"path\":\"creds.txt\"}"),
                call("c2", "read_file", "{\"path\":\"missing-" + planted + "\"}"), answer("the key is " + planted));
        try (Harness h = new Harness(temp, model)) {
            Files.writeString(h.workspaceDir.resolve("creds.txt"), "OPENAI_API_KEY=sk-abcdefghijklmnop123456\n" + planted + "\n");
            String id;
            try (SessionWriter writer = h.store.create(App.newSessionId(), "scripted", "scripted-1", h.workspaceDir)) {
                id = writer.id();
                h.loop(writer, id, List.of()).run("my key is sk-userpastedkey987654321, keep it safe", new RecordingObserver());
            }
            String transcript = Files.readString(h.store.dir().resolve(id + ".jsonl"));
            String logs = Files.readString(temp.resolve("logs/agent.log")) + Files.readString(temp.resolve("logs/errors.log"));
            for (String text : List.of(transcript, logs)) {
                assertThat(text).doesNotContain(planted).doesNotContain("sk-abcdefghijklmnop123456")
                        .doesNotContain("sk-userpastedkey987654321");
            }
            assertThat(transcript).contains("***");
            assertThat(logs).contains("[" + id + "]").contains("tool call failed");
        }
    }

    @Test
    void aLastLineCutInsideACharacterIsSkippedAsTornAndOtherBrokenLinesAreNamedAndNeverLoaded() throws Exception {
        SessionStore store = SessionStore.in(temp);
        String id;
        try (SessionWriter w = store.create(App.newSessionId(), "p", "m", temp)) {
            id = w.id();
            w.message(Message.user("first"), null, null);
            w.message(Message.assistant(List.of(new ContentBlock.ToolUse("t1", "read_file", "{}"))), "p", "m");
            w.toolResult(new ContentBlock.ToolUse("t1", "read_file", "{}"), new ContentBlock.ToolResult("t1", "ok", false),
                    java.time.Duration.ZERO);
            w.message(Message.assistant(List.of(new ContentBlock.Text("done"))), "p", "m");
        }
        Path file = temp.resolve(id + ".jsonl");
        List<String> lines = Files.readAllLines(file);
        // line 3 (the assistant message making call t1) gets a byte that is not UTF-8; then a full disk cuts a character
        byte[] broken = lines.get(2).replace("read_file", "read\u00e9file").getBytes(StandardCharsets.ISO_8859_1);
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (int i = 0; i < lines.size(); i++) {
            out.write(i == 2 ? broken : lines.get(i).getBytes(StandardCharsets.UTF_8));
            out.write('\n');
        }
        out.write("{\"type\":\"message\",\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"caf".getBytes(StandardCharsets.UTF_8));
        out.write(0xC3); // the first byte of a two-byte character, and nothing after it
        Files.write(file, out.toByteArray());

        SessionStore.Loaded loaded = store.load(id);

        assertThat(loaded.warnings()).hasSize(3);
        assertThat(loaded.warnings().get(0)).contains(":3: unreadable line skipped: not valid UTF-8");
        assertThat(loaded.warnings().get(1)).contains(":6: torn last line ignored");
        assertThat(loaded.warnings().get(2)).contains("result of tool call t1 skipped");
        assertThat(loaded.history()).containsExactly(Message.user("first"), Message.assistant(List.of(new ContentBlock.Text("done"))));
        assertThat(store.list()).singleElement().satisfies(i -> assertThat(i.title()).isEqualTo("first"));
        try (SessionWriter w = store.resume(id, "p", "m", temp).writer()) {
            w.message(Message.user("again"), null, null);
        }
        assertThat(store.load(id).history().getLast()).isEqualTo(Message.user("again"));
    }

    @Test
    void aSessionFileThatCannotBeReadDoesNotHideTheOthers() throws Exception {
        SessionStore store = SessionStore.in(temp);
        String good;
        try (SessionWriter w = store.create(App.newSessionId(), "p", "m", temp)) {
            good = w.id();
            w.message(Message.user("readable"), null, null);
        }
        Path bad = Files.createDirectory(temp.resolve("20000101-000000-dead.jsonl")); // not a file: reading it fails
        assertThat(store.list()).extracting(SessionStore.Info::id).containsExactlyInAnyOrder(good, "20000101-000000-dead");
        assertThat(store.list()).filteredOn(i -> i.id().equals(good)).singleElement()
                .satisfies(i -> assertThat(i.title()).isEqualTo("readable"));
        assertThat(bad).isDirectory();
    }

    @Test
    void aSecondWriterOfTheSameSessionIsRefusedUntilTheFirstCloses() throws Exception {
        SessionStore store = SessionStore.in(temp);
        try (SessionWriter first = store.create(App.newSessionId(), "p", "m", temp)) {
            assertThatThrownBy(() -> store.resume(first.id(), "p", "m", temp).writer())
                    .isInstanceOf(SessionStore.SessionBusyException.class)
                    .hasMessageContaining("session " + first.id() + " is in use by another hermes process");
            store.load(first.id()); // reading does not release the lock
            assertThatThrownBy(() -> store.resume(first.id(), "p", "m", temp).writer()).isInstanceOf(SessionStore.SessionBusyException.class);
            first.close();
            store.resume(first.id(), "p", "m", temp).writer().close();
        }
    }

    @Test
    void unknownAndMalformedIdsAreClearErrors() {
        SessionStore store = SessionStore.in(temp);
        assertThatThrownBy(() -> store.load("nope")).hasMessageContaining("no session 'nope'").hasMessageContaining("sessions list");
        assertThatThrownBy(() -> store.load("../etc/passwd")).hasMessageContaining("invalid session id");
    }

    private static JsonNode parse(String line) {
        try {
            return Json.MAPPER.readTree(line);
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + line, e);
        }
    }
}

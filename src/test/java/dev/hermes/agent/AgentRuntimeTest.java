package dev.hermes.agent;

import dev.hermes.log.EventLog;
import dev.hermes.app.App;
import com.fasterxml.jackson.databind.JsonNode;
import dev.hermes.config.Configuration;
import dev.hermes.config.Environment;
import dev.hermes.util.Json;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static dev.hermes.agent.ScriptedModel.answer;
import static dev.hermes.agent.ScriptedModel.call;
import static org.assertj.core.api.Assertions.assertThat;

/** The runtime as the CLI drives it: configuration, options, session files, printers, exit codes. */
class AgentRuntimeTest {

    @TempDir
    Path temp;

    private Configuration config() throws Exception {
        Path home = Files.createDirectories(temp.resolve("home"));
        return Configuration.load(new Environment(Map.of("HERMES_HOME", home.toString()), temp), null);
    }

    private AgentOptions oneShot(String query, AgentOptions.Format format, List<String> skills, String resume) throws Exception {
        return new AgentOptions(query, format, 10, Files.createDirectories(temp.resolve("ws")), List.of(), skills, resume,
                true, false);
    }

    @Test
    void streamJsonPrintsOneEventPerLineEndingWithFinal() throws Exception {
        try (ScriptedModel model = new ScriptedModel(call("c1", "write_file", "{\"path\":\"a.txt\",\"content\":\"hi\"}"),
                answer("Wrote ", "a.txt."));
             SingleRouteCaller caller = new SingleRouteCaller(model.uri())) {
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            int exit;
            String session;
            try (AgentRuntime runtime = AgentRuntime.forCli(config(), oneShot("write a.txt", AgentOptions.Format.STREAM_JSON,
                    List.of(), null), App.newSessionId(), EventLog.NONE, ModelRoute.fixed(caller, "scripted", "scripted-1"), new PrintWriter(out),
                    new PrintWriter(err))) {
                session = runtime.sessionId();
                exit = runtime.runOneShot("write a.txt");
            }

            assertThat(exit).isZero();
            List<JsonNode> events = out.toString().lines().map(AgentRuntimeTest::parse).toList();
            // text events may be joined: the redactor holds the last words until the next delta or the end
            assertThat(events).extracting(e -> e.get("type").asText())
                    .containsExactly("tool_call", "tool_result", "text", "final");
            assertThat(events.get(2).get("text").asText()).isEqualTo("Wrote a.txt.");
            assertThat(events.get(0).get("name").asText()).isEqualTo("write_file");
            assertThat(events.get(0).get("arguments").asText()).isEqualTo("{\"path\":\"a.txt\",\"content\":\"hi\"}");
            assertThat(events.get(1).get("is_error").asBoolean()).isFalse();
            JsonNode fin = events.getLast();
            assertThat(fin.get("text").asText()).isEqualTo("Wrote a.txt.");
            assertThat(fin.get("provider").asText()).isEqualTo("scripted");
            assertThat(fin.get("session").asText()).isEqualTo(session);
            // only the text reply reports usage in this script
            assertThat(fin.get("usage").get("output_tokens").asLong()).isEqualTo(5);
            assertThat(temp.resolve("home/sessions/" + session + ".jsonl")).exists();
            assertThat(temp.resolve("ws/a.txt")).hasContent("hi");
        }
    }

    @Test
    void textFormatToAPipePrintsOnlyTheFinalAnswer() throws Exception {
        try (ScriptedModel model = new ScriptedModel(ScriptedModel.tools("tool_calls",
                new String[]{"c1", "list_dir", "{}"}), answer("The answer."));
             SingleRouteCaller caller = new SingleRouteCaller(model.uri())) {
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            try (AgentRuntime runtime = AgentRuntime.forCli(config(), oneShot("q", AgentOptions.Format.TEXT, List.of(), null),
                    App.newSessionId(), EventLog.NONE, ModelRoute.fixed(caller, "scripted", "scripted-1"), new PrintWriter(out), new PrintWriter(err))) {
                assertThat(runtime.runOneShot("q")).isZero();
            }
            assertThat(out.toString()).isEqualTo("The answer.\n");
            assertThat(err.toString()).contains("-> list_dir");
        }
    }

    @Test
    void anUnknownSkillOrSessionIsAUsageErrorNamingIt() throws Exception {
        try (ScriptedModel model = new ScriptedModel(answer("x"));
             SingleRouteCaller caller = new SingleRouteCaller(model.uri())) {
            StringWriter err = new StringWriter();
            int exit = AgentRuntime.run(config(), oneShot("q", null, List.of("ghost"), null), App.newSessionId(), EventLog.NONE,
                    ModelRoute.fixed(caller, "scripted", "scripted-1"), new PrintWriter(new StringWriter()), new PrintWriter(err));
            assertThat(exit).isEqualTo(2);
            assertThat(err.toString()).contains("unknown skill 'ghost'");

            StringWriter err2 = new StringWriter();
            exit = AgentRuntime.run(config(), oneShot("q", null, List.of(), "20200101-000000-dead"), "20200101-000000-dead", EventLog.NONE,
                    ModelRoute.fixed(caller, "scripted", "scripted-1"), new PrintWriter(new StringWriter()), new PrintWriter(err2));
            assertThat(exit).isEqualTo(2);
            assertThat(err2.toString()).contains("no session '20200101-000000-dead'");
            assertThat(model.requests()).isEmpty();
        }
    }

    @Test
    void resumeContinuesTheConversationWithItsHistory() throws Exception {
        try (ScriptedModel model = new ScriptedModel(answer("Blue."), answer("You said blue."));
             SingleRouteCaller caller = new SingleRouteCaller(model.uri())) {
            ModelRoute route = ModelRoute.fixed(caller, "scripted", "scripted-1");
            String id;
            try (AgentRuntime first = AgentRuntime.forCli(config(), oneShot("favourite colour?", null, List.of(), null),
                    App.newSessionId(), EventLog.NONE, route,
                    new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()))) {
                id = first.sessionId();
                first.runOneShot("favourite colour?");
            }
            StringWriter out = new StringWriter();
            int exit = AgentRuntime.run(config(), oneShot("what did you say?", null, List.of(), id), id, EventLog.NONE, route,
                    new PrintWriter(out), new PrintWriter(new StringWriter()));

            assertThat(exit).isZero();
            assertThat(out.toString()).isEqualTo("You said blue.\n");
            assertThat(model.requests().get(1).body()).contains("favourite colour?").contains("Blue.").contains("what did you say?");
            assertThat(SessionStore.in(temp.resolve("home/sessions")).list()).singleElement()
                    .satisfies(i -> assertThat(i.turns()).isEqualTo(2));
        }
    }

    @Test
    void interactiveChatRunsMessagesAndSlashCommandsFromAPipedTerminal() throws Exception {
        try (ScriptedModel model = new ScriptedModel(answer("Hi there."), answer("Still here."));
             SingleRouteCaller caller = new SingleRouteCaller(model.uri())) {
            String input = "hello\n/model other-model\n/skills\n/reset\nagain\n/bogus\n/exit\n";
            ByteArrayOutputStream screen = new ByteArrayOutputStream();
            AgentOptions options = new AgentOptions(null, null, 10, Files.createDirectories(temp.resolve("ws")), List.of(),
                    List.of(), null, true, true);
            int exit;
            // A pipe that stays open: JLine drops buffered input once its input stream ends.
            PipedOutputStream keyboard = new PipedOutputStream();
            PipedInputStream in = new PipedInputStream(keyboard, 1 << 16);
            keyboard.write(input.getBytes(StandardCharsets.UTF_8));
            keyboard.flush();
            // Chat output gets its own writer: the terminal's output path can drop the tail of what it is given
            // when closed, and only its keyboard side is under test here.
            StringWriter chat = new StringWriter();
            PrintWriter chatOut = new PrintWriter(chat, true);
            try (keyboard; Terminal terminal = TerminalBuilder.builder().system(false).type("dumb").streams(in, screen).build();
                 AgentRuntime runtime = AgentRuntime.forCli(config(), options, App.newSessionId(), EventLog.NONE,
                         ModelRoute.fixed(caller, "scripted", "scripted-1"),
                         chatOut, chatOut)) {
                LineReader reader = LineReaderBuilder.builder().terminal(terminal).build();
                exit = runtime.runInteractive(reader, chatOut, chatOut);
            }
            String shown = chat.toString();
            assertThat(exit).isZero();
            assertThat(shown).contains("Hi there.").contains("now using scripted/other-model").contains("no skills installed")
                    .contains("conversation cleared").contains("Still here.").contains("unknown command /bogus").contains("bye");
            List<JsonNode> bodies = model.bodies();
            assertThat(bodies.get(0).get("model").asText()).isEqualTo("scripted-1");
            assertThat(bodies.get(1).get("model").asText()).isEqualTo("other-model");
            assertThat(bodies.get(1).toString()).doesNotContain("hello"); // /reset forgot it
        }
    }

    private static JsonNode parse(String line) {
        try {
            return Json.MAPPER.readTree(line);
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + line, e);
        }
    }
}

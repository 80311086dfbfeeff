package dev.hermes.it;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hermes.sim.SimOptions;
import dev.hermes.sim.SimScript;
import dev.hermes.sim.SimServer;
import dev.hermes.testing.HermesProcess;
import dev.hermes.util.Json;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Secrets as a hostile model and a hostile provider would go after them, through the real
 * launcher: the model asks for the agent's environment, the home's .env and an SSH key (the
 * workspace is the user's home, as when hermes is started from ~); the provider echoes the key
 * it was sent, cut inside the key. What the model received is the simulator's request log.
 */
class SecretsIT {

    /** The provider key, passed in the process environment as a user exporting it would. */
    static final String PROVIDER_KEY = "sk-proc-env-0123456789abcdefXYZ";
    /** A key in the home's .env that this run does not use (no key shape: only its value can mask it). */
    static final String DOTENV_TOKEN = "dotenv-only-value-98765-qwerty";
    static final String SSH_MATERIAL = "ssh-private-material-ABCDEF-424242";
    static final Duration RUN = Duration.ofSeconds(90);

    @TempDir
    Path user;
    Path home;
    SimServer sim;

    @BeforeEach
    void setUp() throws Exception {
        sim = SimServer.start(0, SimOptions.defaults().withRequiredKey(PROVIDER_KEY));
        home = Files.createDirectories(user.resolve(".hermes"));
        Files.writeString(home.resolve(".env"), "OTHER_SERVICE_TOKEN=" + DOTENV_TOKEN + "\n");
        Files.createDirectories(user.resolve(".ssh"));
        Files.writeString(user.resolve(".ssh/id_ed25519"), SSH_MATERIAL + "\n");
    }

    @AfterEach
    void tearDown() {
        sim.close();
    }

    private void config(String model, String extra) throws IOException {
        Files.writeString(home.resolve("config.yaml"), "model: {provider: custom, default: \"" + model + "\", base_url: "
                + sim.chatCompletionsBaseUrl() + ", api_mode: chat_completions, key_env: SIM_PROVIDER_KEY}\n" + extra);
    }

    private HermesProcess.Result chat(String prompt, String... args) throws Exception {
        List<String> all = new java.util.ArrayList<>(List.of("chat", "-q", prompt, "--workspace", user.toString()));
        all.addAll(List.of(args));
        Map<String, String> env = new HashMap<>();
        env.put("HERMES_HOME", home.toString());
        env.put("HOME", user.toString());
        env.put("SIM_PROVIDER_KEY", PROVIDER_KEY);
        return HermesProcess.run(user, env, RUN, all.toArray(String[]::new));
    }

    private static SimScript.Turn terminal(String command) {
        return SimScript.Turn.tools(SimScript.ToolCall.of("terminal", Map.of("command", command)));
    }

    private static SimScript.Turn readFile(String path) {
        return SimScript.Turn.tools(SimScript.ToolCall.of("read_file", Map.of("path", path)));
    }

    @Test
    void aHostileModelGetsNoKeyThroughTheTerminalFilesOrTheAgentsOwnEnvironment() throws Exception {
        Files.writeString(user.resolve("notes.txt"), "copied by hand: " + DOTENV_TOKEN + "\n");
        sim.registerScript(new SimScript("hostile", List.of(
                // spelled so that no word names /proc/PID/environ: what the file gets is what the process holds
                terminal("cat /proc/$PPID/env\"\"iron | tr '\\0' '\\n' > environ-of-agent.txt; echo saved"),
                terminal("cat $HERMES_HOME/.env"),
                readFile(".ssh/id_ed25519"),
                readFile(".hermes/.env"),
                SimScript.Turn.tools(SimScript.ToolCall.of("search_files", Map.of("pattern", "material|dotenv-only"))),
                terminal("cat notes.txt; echo \"key=[$SIM_PROVIDER_KEY]\""),
                SimScript.Turn.text("Nothing to see."))));
        config("scripted:hostile", "");

        HermesProcess.Result run = chat("look around", "--yolo", "--format", "stream-json");

        assertThat(run.exit()).as(run.err()).isZero();
        // the agent's own environment, as its commands can read it, holds no key
        String environ = Files.readString(user.resolve("environ-of-agent.txt"));
        assertThat(environ).contains("HERMES_HOME=").doesNotContain(PROVIDER_KEY, "SIM_PROVIDER_KEY");
        List<JsonNode> results = events(run.out(), "tool_result");
        assertThat(results).hasSize(6);
        for (int i = 1; i <= 3; i++) {
            assertThat(results.get(i).path("is_error").asBoolean()).as(results.get(i).toString()).isTrue();
            assertThat(results.get(i).path("content").asText()).contains("refused", "agent.secret_paths_allow");
        }
        assertThat(results.get(4).path("content").asText()).contains("secret files or key locations skipped");
        assertThat(results.get(5).path("content").asText()).contains("copied by hand: ***", "key=[]");
        // what the model received, whatever it asked for
        String received = String.join("\n", sim.requestBodies());
        assertThat(received).contains("copied by hand").doesNotContain(PROVIDER_KEY, DOTENV_TOKEN, SSH_MATERIAL);
        assertThat(run.out() + run.err() + sessions()).doesNotContain(PROVIDER_KEY, DOTENV_TOKEN, SSH_MATERIAL);
    }

    @Test
    void anExplicitConfigAllowLetsAToolReadASecretPath() throws Exception {
        sim.registerScript(new SimScript("allowed", List.of(readFile(".ssh/id_ed25519"), SimScript.Turn.text("ok"))));
        config("scripted:allowed", "agent: {secret_paths_allow: [\"~/.ssh/id_ed25519\"]}\n");

        HermesProcess.Result run = chat("read my key", "--format", "stream-json");

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(events(run.out(), "tool_result").getFirst().path("content").asText()).contains(SSH_MATERIAL);
    }

    @Test
    void aProviderEchoingTheKeyCutInsideItNeverShowsIt() throws Exception {
        String echo = "Your key is " + PROVIDER_KEY + " and the other one " + DOTENV_TOKEN + ", fine.";
        sim.registerScript(new SimScript("echo", List.of(SimScript.Turn.text(echo))));
        config("scripted:echo,chunk_chars=4", "");

        HermesProcess.Result json = chat("echo", "--format", "stream-json");
        HermesProcess.Result text = chat("echo");

        assertThat(json.exit()).as(json.err()).isZero();
        StringBuilder streamed = new StringBuilder();
        events(json.out(), "text").forEach(e -> streamed.append(e.path("text").asText()));
        assertThat(streamed.toString()).isEqualTo("Your key is *** and the other one ***, fine.");
        assertThat(events(json.out(), "final").getFirst().path("text").asText()).isEqualTo(streamed.toString());
        assertThat(text.exit()).as(text.err()).isZero();
        assertThat(text.out()).isEqualTo(streamed + "\n");
        assertThat(json.out() + text.out() + text.err() + sessions()).doesNotContain(PROVIDER_KEY, DOTENV_TOKEN);
    }

    @Test
    void ordinaryCodeThatLooksLikeAnAssignmentSurvivesSessionsStreamJsonAndResume() throws Exception {
        String code = "token = tokenizer.next_token()\napi_key = settings.api_key\npassword: str = field()";
        sim.registerScript(new SimScript("coder", List.of(
                SimScript.Turn.tools(SimScript.ToolCall.of("write_file", Map.of("path", "lexer.py", "content", code))),
                SimScript.Turn.text("Wrote:\n" + code),
                SimScript.Turn.text("Still:\n" + code))));
        config("scripted:coder", "");

        HermesProcess.Result first = chat("write the lexer", "--format", "stream-json");

        assertThat(first.exit()).as(first.err()).isZero();
        assertThat(Files.readString(user.resolve("lexer.py"))).isEqualTo(code);
        assertThat(events(first.out(), "tool_call").getFirst().path("arguments").asText()).contains("next_token()");
        assertThat(events(first.out(), "final").getFirst().path("text").asText()).isEqualTo("Wrote:\n" + code);
        assertThat(sessions()).contains("token = tokenizer.next_token()");
        String id = events(first.out(), "final").getFirst().path("session").asText();
        sim.reset();

        HermesProcess.Result resumed = chat("and again", "--resume", id, "--format", "stream-json");

        assertThat(resumed.exit()).as(resumed.err()).isZero();
        String received = String.join("\n", sim.requestBodies());
        assertThat(received).contains("token = tokenizer.next_token()", "api_key = settings.api_key",
                "password: str = field()");
    }

    @Test
    void configShowAndConfigErrorsNeverPrintAPassword() throws Exception {
        Files.writeString(home.resolve(".env"), """
                GH_PAT=ghpat-value-0001-aaaa
                DATABASE_URL=postgresql://app:db-password-0002@db.internal/app
                SESSION_COOKIE=cookie-value-0003-bbbb
                PLAIN=visible-value
                """);
        Files.writeString(home.resolve("config.yaml"), "model: {provider: custom, default: m, base_url: "
                + "\"http://proxyuser:url-password-0004@127.0.0.1:9/v1\", api_mode: chat_completions}\n");
        Map<String, String> env = Map.of("HERMES_HOME", home.toString(), "HOME", user.toString());

        HermesProcess.Result show = HermesProcess.run(user, env, RUN, "config", "show", "--origin");

        assertThat(show.exit()).as(show.err()).isZero();
        assertThat(show.out()).contains("GH_PAT = ***", "SESSION_COOKIE = ***", "DATABASE_URL = ***",
                "PLAIN = visible-value", "proxyuser:***@127.0.0.1:9");
        assertThat(show.out() + show.err()).doesNotContain("ghpat-value-0001", "db-password-0002", "cookie-value-0003",
                "url-password-0004");

        Files.writeString(home.resolve("config.yaml"), "agent: {max_turns: \"http://u:yaml-password-0005@h/\"}\n");
        HermesProcess.Result broken = HermesProcess.run(user, env, RUN, "config", "show");

        assertThat(broken.exit()).isNotZero();
        assertThat(broken.err()).contains("config.yaml:1", "agent.max_turns").doesNotContain("yaml-password-0005");
    }

    @Test
    void controlCharactersFromTheModelToolsAndBoardReachTheScreenEscaped() throws Exception {
        String hostile = "Visible \u001b[8mhidden\u001b[0m text\roverwritten \u202eevil\u009b2J";
        sim.registerScript(new SimScript("escapes", List.of(
                terminal("printf 'out\\033[2Jput\\r\\n'; echo 'x\r# looks harmless'"),
                SimScript.Turn.text(hostile))));
        config("scripted:escapes", "");

        HermesProcess.Result run = chat("go", "--yolo");

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).isEqualTo("Visible \\x1b[8mhidden\\x1b[0m text\\roverwritten \\u202eevil\\x9b2J\n");
        assertThat(run.err()).contains("\\r# looks harmless");
        assertNoControlCharacters(run.out() + run.err());

        Map<String, String> env = Map.of("HERMES_HOME", home.toString(), "HOME", user.toString());
        assertThat(HermesProcess.run(user, env, RUN, "kanban", "init").exit()).isZero();
        HermesProcess.Result created = HermesProcess.run(user, env, RUN, "kanban", "create", "title \u001b]0;pwned\u0007 \u001b[2J");
        assertThat(created.exit()).as(created.err()).isZero();
        String id = created.out().split("\\s+")[1];
        HermesProcess.Result list = HermesProcess.run(user, env, RUN, "kanban", "list");
        HermesProcess.Result shown = HermesProcess.run(user, env, RUN, "kanban", "show", id);
        assertThat(list.out() + shown.out()).contains("title \\x1b]0;pwned\\x07 \\x1b[2J");
        assertNoControlCharacters(created.out() + list.out() + shown.out() + list.err() + shown.err());
    }

    static void assertNoControlCharacters(String screen) {
        assertThat(screen.chars().filter(c -> (c < 0x20 && c != '\n' && c != '\t') || (c >= 0x7f && c <= 0x9f)
                || (c >= 0x202a && c <= 0x202e)).toArray()).as(screen).isEmpty();
    }

    private String sessions() throws IOException {
        Path dir = home.resolve("sessions");
        if (!Files.isDirectory(dir)) return "";
        StringBuilder all = new StringBuilder();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.toList()) all.append(Files.readString(f));
        }
        return all.toString();
    }

    static List<JsonNode> events(String out, String type) {
        return out.lines().filter(l -> !l.isBlank()).map(SecretsIT::parse)
                .filter(e -> e.path("type").asText().equals(type)).toList();
    }

    private static JsonNode parse(String line) {
        try {
            return Json.MAPPER.readTree(line);
        } catch (IOException e) {
            throw new AssertionError("not a JSON line: " + line, e);
        }
    }
}

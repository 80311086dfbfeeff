package dev.hermes.it;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hermes.testing.HermesProcess;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A user of the Python original, through the real launcher: its command lines (top-level flags
 * before {@code chat} apply to it, {@code -p} anywhere, the first seed's worker line) against a
 * recording model on loopback that shows what was actually sent.
 */
class DropInCommandLineIT {
    private static final Duration RUN = Duration.ofSeconds(90);

    @TempDir
    Path root;
    @TempDir
    Path work;
    RecordingModel model;
    Map<String, String> env;

    @BeforeEach
    void start() throws Exception {
        model = new RecordingModel(null);
        env = Map.of("HERMES_HOME", root.toString());
        Files.writeString(root.resolve("config.yaml"), "model: { provider: custom, default: configured-model, base_url: '"
                + model.baseUrl() + "' }\nproviders:\n  second: { base_url: '" + model.baseUrl() + "', headers: { X-Which: second } }\n");
        skill(root, "my-skill", "Always answer in the voice of a lighthouse keeper.");
    }

    @AfterEach
    void stop() {
        model.close();
    }

    private static void skill(Path home, String name, String body) throws Exception {
        Path dir = Files.createDirectories(home.resolve("skills").resolve(name));
        Files.writeString(dir.resolve("SKILL.md"), "---\nname: " + name + "\ndescription: a test skill\n---\n" + body + "\n");
    }

    private HermesProcess.Result hermes(String... args) throws Exception {
        return HermesProcess.run(work, env, RUN, args);
    }

    private static String system(JsonNode body) {
        return body.path("messages").get(0).path("content").asText();
    }

    @Test
    void modelSkillsAndToolsetsBeforeChatApplyToIt() throws Exception {
        HermesProcess.Result r = hermes("-m", "flag-model", "-s", "my-skill", "-t", "file", "chat", "-q", "hello");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).isEqualTo(RecordingModel.answer("hello") + "\n");
        JsonNode body = model.lastBody();
        assertThat(body.path("model").asText()).isEqualTo("flag-model");
        assertThat(system(body)).contains("lighthouse keeper");
        assertThat(model.lastTools()).contains("read_file").doesNotContain("terminal");

        // the long forms, and the same flags after chat
        r = hermes("--model", "after-model", "chat", "--skills", "my-skill", "--toolsets", "terminal", "-q", "again");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(model.lastBody().path("model").asText()).isEqualTo("after-model");
        assertThat(model.lastTools()).contains("terminal").doesNotContain("read_file");

        r = hermes("-s", "no-such-skill", "chat", "-q", "x");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("no-such-skill");
    }

    @Test
    void providerBeforeChatAppliesAndAModelAliasRoutesToItsProvider() throws Exception {
        HermesProcess.Result r = hermes("--provider", "second", "-m", "m2", "chat", "-q", "hi");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(model.requests().getLast().header("X-Which")).isEqualTo("second");

        Path config = root.resolve("config.yaml");
        Files.writeString(config, Files.readString(config) + "model_aliases:\n  short: { model: a-long-model-name, provider: second }\n");
        r = hermes("-m", "short", "chat", "-q", "hi");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(model.lastBody().path("model").asText()).isEqualTo("a-long-model-name");
        assertThat(model.requests().getLast().header("X-Which")).isEqualTo("second");
    }

    @Test
    void yoloBeforeChatLetsTheTerminalRunWithoutAsking() throws Exception {
        String prompt = "TOOL terminal {\"command\":\"touch proof.txt\"}";
        HermesProcess.Result denied = hermes("chat", "-q", prompt);
        assertThat(denied.exit()).as(denied.err()).isZero();
        assertThat(work.resolve("proof.txt")).doesNotExist();

        HermesProcess.Result r = hermes("--yolo", "chat", "-q", prompt);
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(work.resolve("proof.txt")).exists();
    }

    @Test
    void resumeAndContinueBeforeChatCarryTheHistory() throws Exception {
        assertThat(hermes("chat", "-q", "first words").exit()).isZero();
        String id;
        try (Stream<Path> files = Files.list(root.resolve("sessions"))) {
            id = files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".jsonl") && !n.startsWith("."))
                    .map(n -> n.replace(".jsonl", "")).findFirst().orElseThrow();
        }
        HermesProcess.Result r = hermes("-r", id, "chat", "-q", "second words");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(model.lastBody().toString()).contains("first words", "second words");

        r = hermes("-c", "chat", "-q", "third words");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(model.lastBody().toString()).contains("first words", "second words", "third words");

        r = hermes("--continue", "first", "chat", "-Q", "-q", "fourth words");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).isEqualTo(RecordingModel.answer("fourth words") + "\n");
        assertThat(r.err()).isEmpty();
        assertThat(model.lastBody().toString()).contains("first words", "fourth words");
    }

    @Test
    void theFirstSeedsWorkerLineRunsVerbatimWithTheProfileAnywhere() throws Exception {
        Path profile = Files.createDirectories(root.resolve("profiles/alice"));
        Files.writeString(profile.resolve("config.yaml"), "model: { provider: custom, default: alice-model, base_url: '"
                + model.baseUrl() + "' }\n");
        skill(profile, "kanban-worker", "You are a kanban worker in these words.");

        HermesProcess.Result r = hermes("-p", "alice", "--skills", "kanban-worker", "chat", "-q", "work kanban task t_1");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(model.lastBody().path("model").asText()).isEqualTo("alice-model");
        assertThat(system(model.lastBody())).contains("You are a kanban worker in these words.");

        r = hermes("chat", "-q", "late profile", "-p", "alice");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(model.lastBody().path("model").asText()).isEqualTo("alice-model");

        // without a user skill of that name, the built-in kanban-worker skill is the one loaded
        Path bob = Files.createDirectories(root.resolve("profiles/bob"));
        Files.writeString(bob.resolve("config.yaml"), "model: { provider: custom, default: bob-model, base_url: '"
                + model.baseUrl() + "' }\n");
        r = hermes("-p", "bob", "--skills", "kanban-worker", "chat", "-q", "work kanban task t_2");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(system(model.lastBody())).contains("Working a kanban task").doesNotContain("in these words");
    }

    @Test
    void queryFileIsThePrompt() throws Exception {
        Files.writeString(work.resolve("prompt.txt"), "from a file");
        HermesProcess.Result r = hermes("chat", "--query-file", "prompt.txt");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).isEqualTo(RecordingModel.answer("from a file") + "\n");
    }

    @Test
    void aMisspeltKeyIsShownByChatAndBadNumbersStopItWithFileAndLine() throws Exception {
        Path config = root.resolve("config.yaml");
        Files.writeString(config, Files.readString(config) + "agent:\n  max_turn: 5\n");
        HermesProcess.Result r = hermes("chat", "-q", "hi");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.err()).contains(config + ":5: unknown key 'agent.max_turn'");

        for (String bad : List.of("agent:\n  max_turns: 0\n", "failover:\n  breaker_failure_threshold: 0\n",
                "kanban:\n  max_workers: 0\n")) {
            Files.writeString(config, "model: { provider: custom, default: m, base_url: '" + model.baseUrl() + "' }\n" + bad);
            String key = bad.replaceAll("(?s):\n\\s+", ".").replaceAll(":.*", "").strip();
            r = hermes("chat", "-q", "hi");
            assertThat(r.exit()).as(bad).isEqualTo(3);
            assertThat(r.err()).as(bad).contains(config + ":3: '" + key + "' must be an integer from 1 to").doesNotContain("Exception");
            HermesProcess.Result doctor = hermes("doctor");
            assertThat(doctor.exit()).as(bad).isEqualTo(3);
            assertThat(doctor.out()).as(bad).contains(config + ":3: '" + key + "' must be an integer from 1 to");
        }
    }

    /** Bare {@code hermes} on a real pseudo-terminal (tmux, on its own server socket) starts the interactive chat. */
    @Test
    void bareHermesOnATerminalStartsTheChat() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/tmux")), "tmux is not installed");
        Tmux tmux = new Tmux("hermes-it-" + ProcessHandle.current().pid() + "-" + System.nanoTime());
        try {
            tmux.start(work, "env -i PATH=" + System.getenv("PATH") + " JAVA_HOME=" + System.getProperty("java.home")
                    + " HERMES_HOME=" + root + " TERM=xterm " + HermesProcess.launcher());
            tmux.await("you>", RUN);
            tmux.type("hello from a pty");
            tmux.await(RecordingModel.answer("hello from a pty"), RUN);
            tmux.type("/exit");
        } finally {
            tmux.close();
        }
        assertThat(model.lastBody().path("model").asText()).isEqualTo("configured-model");
    }

    @Test
    void aRefusedConnectionAndAnUnknownHostNameHostAndPortNotAJavaException() throws Exception {
        int closed;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort();
        }
        HermesProcess.Result r = hermes("--base-url", "http://127.0.0.1:" + closed + "/v1", "chat", "-q", "hi");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).contains("nothing is listening on 127.0.0.1 port " + closed).doesNotContain("Exception");

        r = hermes("--base-url", "http://no-such-host.invalid:8080/v1", "chat", "-q", "hi");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).contains("host no-such-host.invalid does not resolve (port 8080").doesNotContain("Exception");
    }

    /** Resuming shows where the session stands; a second Ctrl-C at the prompt quits, as the hint says. */
    @Test
    void anInteractiveResumeShowsWhereItStandsAndDoubleCtrlCQuits() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/tmux")), "tmux is not installed");
        assertThat(hermes("chat", "-q", "first words").exit()).isZero();
        Tmux tmux = new Tmux("hermes-it-" + ProcessHandle.current().pid() + "-" + System.nanoTime());
        try {
            tmux.start(work, "env -i PATH=" + System.getenv("PATH") + " JAVA_HOME=" + System.getProperty("java.home")
                    + " HERMES_HOME=" + root + " TERM=xterm " + HermesProcess.launcher() + " -c; echo exited $?; sleep 60");
            tmux.await("resumed: 1 question so far; last you asked: first words", RUN);
            tmux.await("last answer: " + RecordingModel.answer("first words"), RUN);
            tmux.await("you>", RUN);
            tmux.keys("C-c");
            tmux.await("press Ctrl-C again within 2 s to quit", RUN);
            tmux.keys("C-c");
            tmux.await("exited 130", RUN);
            assertThat(tmux.screen()).contains("saved; resume with: hermes chat --resume");
        } finally {
            tmux.close();
        }
    }

    @Test
    void theChatWithStdinNotATerminalPrintsNoJlineWarning() throws Exception {
        Path input = work.resolve("input.txt");
        Files.writeString(input, "/exit\n");
        ProcessBuilder pb = new ProcessBuilder(HermesProcess.launcher().toString(), "chat").directory(work.toFile())
                .redirectInput(input.toFile()).redirectErrorStream(true);
        pb.environment().put("HERMES_HOME", root.toString());
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        Process p = pb.start();
        String all = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(p.waitFor(RUN.toSeconds(), java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(all).isZero();
        assertThat(all).contains("hermes chat - session").doesNotContain("WARNING", "dumb terminal");
    }

    @Test
    void anHtmlErrorPageIsShownShortenedWithItsUrl() throws Exception {
        String page = "<html><head><title>502 Bad Gateway</title></head><body><h1>502 Bad Gateway</h1>"
                + "<p>filler</p>".repeat(300) + "<hr>nginx</body></html>";
        try (dev.hermes.testing.LoopbackServer proxy = dev.hermes.testing.LoopbackServer.start(
                (request, exchange) -> exchange.respond(502, page, "Content-Type", "text/html"))) {
            Files.writeString(root.resolve("config.yaml"), "model: { provider: custom, default: m, base_url: '"
                    + proxy.uri() + "/v1' }\nagent: { retries: 0 }\n");
            HermesProcess.Result r = hermes("chat", "-q", "hi");
            assertThat(r.exit()).isEqualTo(1);
            assertThat(r.err()).contains("HTTP 502: 502 Bad Gateway (from " + proxy.uri() + "/v1/chat/completions)")
                    .doesNotContain("<html>", "filler");
        }
    }
}

package dev.hermes.it;

import dev.hermes.sim.SimScript;
import dev.hermes.sim.SimServer;
import dev.hermes.testing.HermesProcess;
import dev.hermes.testing.Tmux;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * What a person sees in a real terminal (tmux). The approval questions: the exact command,
 * escaped; a secret location asked about even under --yolo. And (50 columns, so the answer
 * wraps) when an answer is restarted: the chat-completions wire cannot continue partial text, so a stream cut after a
 * few chunks is retried from the start and what was shown must be erased exactly: the answer
 * appears once, and the lines around it (the shell's, the status lines) are all still there.
 */
class TerminalScreenIT {

    static final int COLUMNS = 50;
    static final String MODEL = "cut:after=8,times=1,words=70";
    static final String PROMPT = "tell me about lakes";
    static final Duration RUN = Duration.ofSeconds(90);

    private static SimServer sim;

    @TempDir
    Path home;

    @BeforeAll
    static void start() throws Exception {
        assumeTrue(Tmux.available(), "tmux is not installed");
        sim = SimServer.start();
    }

    @AfterAll
    static void stop() {
        if (sim != null) sim.close();
    }

    @BeforeEach
    void config() throws Exception {
        sim.reset();
        Files.writeString(home.resolve("config.yaml"), "model: {provider: custom, default: \"" + MODEL + "\", base_url: "
                + sim.chatCompletionsBaseUrl() + ", api_mode: chat_completions}\n"
                + "failover: {backoff_base_seconds: 0.01, backoff_cap_seconds: 0.02}\n");
    }

    private String hermes() {
        return "HERMES_HOME=" + home + " " + HermesProcess.launcher();
    }

    @Test
    void oneShotErasesExactlyThePartialAnswerAndKeepsEverythingElse() throws Exception {
        String answer = SimServer.canonicalAnswer(MODEL, PROMPT);
        try (Tmux tty = Tmux.start(COLUMNS, 120, home, "echo BEFORE-MARKER; " + hermes() + " chat -q '" + PROMPT
                + "' --toolsets file; echo EXIT=$?; sleep 600")) {
            String screen = tty.await(s -> s.contains("EXIT="), RUN);

            assertThat(screen).contains("EXIT=0");
            assertThat(occurrences(screen, answer)).as(screen).isEqualTo(1);
            assertThat(occurrences(screen, answer.substring(0, 25))).as(screen).isEqualTo(1);
            List<String> lines = screen.lines().filter(l -> !l.isBlank()).toList();
            assertThat(lines.getFirst()).isEqualTo("BEFORE-MARKER");
            assertThat(screen).contains("cut", "retry 1/", "hermes: restarting the answer on");
            assertThat(screen.indexOf("retry 1/")).isLessThan(screen.indexOf("restarting the answer"));
            assertThat(screen.indexOf("restarting the answer")).isLessThan(screen.indexOf(answer));
        }
    }

    @Test
    void interactiveChatErasesExactlyThePartialAnswerToo() throws Exception {
        String answer = SimServer.canonicalAnswer(MODEL, PROMPT);
        try (Tmux tty = Tmux.start(COLUMNS, 120, home, hermes() + " chat --toolsets file; echo EXIT=$?; sleep 600")) {
            tty.await(s -> s.contains("you>"), RUN);
            tty.sendKeys(PROMPT, "Enter");
            tty.await(s -> s.contains(answer) && occurrences(s, "you>") == 2, RUN);
            tty.sendKeys("/exit", "Enter");
            String screen = tty.await(s -> s.contains("EXIT="), RUN);

            assertThat(occurrences(screen, answer)).as(screen).isEqualTo(1);
            assertThat(occurrences(screen, answer.substring(0, 25))).as(screen).isEqualTo(1);
            assertThat(screen).contains("hermes chat - session", "you> " + PROMPT, "retry 1/",
                    "hermes: restarting the answer on", "EXIT=0");
        }
    }

    @Test
    void theApprovalQuestionShowsTheExactCommandEscaped() throws Exception {
        sim.registerScript(new SimScript("sneaky", List.of(
                SimScript.Turn.tools(SimScript.ToolCall.of("terminal", Map.of("command",
                        "rm -rf ~/important \r echo harmless \u001b[8m"))),
                SimScript.Turn.text("ok"))));
        Files.writeString(home.resolve("config.yaml"), "model: {provider: custom, default: \"scripted:sneaky\", base_url: "
                + sim.chatCompletionsBaseUrl() + ", api_mode: chat_completions}\n");
        try (Tmux tty = Tmux.start(120, 60, home, hermes() + " chat; echo EXIT=$?; sleep 600")) {
            tty.await(s -> s.contains("you>"), RUN);
            tty.sendKeys("clean up", "Enter");
            String asked = tty.await(s -> s.contains("[y/N]"), RUN);
            tty.sendKeys("n", "Enter");
            tty.await(s -> s.contains("ok"), RUN);
            tty.sendKeys("/exit", "Enter");
            tty.await(s -> s.contains("EXIT="), RUN);

            assertThat(asked).contains("`rm -rf ~/important \\r echo harmless \\x1b[8m`");
        }
    }

    @Test
    void aSecretLocationIsAskedAboutEvenUnderYolo() throws Exception {
        Path user = Files.createDirectories(home.resolve("user"));
        Files.createDirectories(user.resolve(".ssh"));
        Files.writeString(user.resolve(".ssh/id_ed25519"), "not-really-a-key\n");
        sim.registerScript(new SimScript("curious", List.of(
                SimScript.Turn.tools(SimScript.ToolCall.of("read_file", Map.of("path", ".ssh/id_ed25519"))),
                SimScript.Turn.text("read it"))));
        Files.writeString(home.resolve("config.yaml"), "model: {provider: custom, default: \"scripted:curious\", base_url: "
                + sim.chatCompletionsBaseUrl() + ", api_mode: chat_completions}\n");
        try (Tmux tty = Tmux.start(120, 60, user, "HOME=" + user + " " + hermes() + " chat --yolo; echo EXIT=$?; sleep 600")) {
            tty.await(s -> s.contains("you>"), RUN);
            tty.sendKeys("show my key", "Enter");
            String asked = tty.await(s -> s.contains("[y/N]"), RUN);
            tty.sendKeys("y", "Enter");
            String answered = tty.await(s -> s.contains("read it"), RUN);
            tty.sendKeys("/exit", "Enter");
            tty.await(s -> s.contains("EXIT="), RUN);

            assertThat(asked).contains("the model wants to use " + user.toRealPath().resolve(".ssh/id_ed25519"),
                    "needs your approval", "a key location (~/.ssh)");
            assertThat(answered).contains("ok read_file");
        }
    }

    static int occurrences(String text, String part) {
        return (int) Pattern.compile(Pattern.quote(part)).matcher(text).results().count();
    }
}

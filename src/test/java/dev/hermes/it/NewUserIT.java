package dev.hermes.it;

import dev.hermes.sim.SimServer;
import dev.hermes.testing.HermesProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** What a new user meets following README.md's quick starts literally, through the real launcher. */
class NewUserIT {
    private static final Duration RUN = Duration.ofSeconds(90);

    @TempDir
    Path home;

    /** README: "Home: HERMES_HOME, else ~/.hermes"; `~` is $HOME, as for the shell that wrote the file. */
    @Test
    void withoutHermesHomeTheHomeIsDotHermesUnderHome() throws Exception {
        Files.createDirectories(home.resolve(".hermes"));
        Files.writeString(home.resolve(".hermes/config.yaml"), "model: { provider: openrouter, default: anthropic/claude-sonnet-4 }\n");
        HermesProcess.Result r = HermesProcess.run(home, Map.of("HOME", home.toString()), RUN, "config", "path");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("home: " + home.resolve(".hermes"));
    }

    /** README "Against the local simulator", its config.yaml as printed; then `sessions show` on what it stored. */
    @Test
    void theSimulatorQuickStartAnswersAndItsSessionReadsRight() throws Exception {
        try (SimServer sim = SimServer.start()) {
            Path h = Files.createDirectories(home.resolve("h"));
            Files.writeString(h.resolve("config.yaml"), """
                    model: { provider: custom, default: "cut:after=5", base_url: http://127.0.0.1:%1$d/v1, api_mode: chat_completions }
                    fallback_providers:
                      - { provider: custom, model: healthy, base_url: http://127.0.0.1:%1$d, api_mode: anthropic_messages }
                    # loopback counts as a local server (content timers 900 s by default): keep stalls short
                    timeouts: { first_content_timeout_seconds: 5, content_idle_timeout_seconds: 5 }
                    """.formatted(sim.port()));
            Map<String, String> env = Map.of("HOME", home.toString(), "HERMES_HOME", h.toString());
            HermesProcess.Result r = HermesProcess.run(home, env, RUN, "chat", "-q", "hello");
            assertThat(r.exit()).as(r.err()).isZero();
            assertThat(r.err()).contains("falling back to custom/healthy");

            String id = HermesProcess.run(home, env, RUN, "sessions", "list").out().split("\\s+")[0];
            HermesProcess.Result show = HermesProcess.run(home, env, RUN, "sessions", "show", id);
            assertThat(show.exit()).as(show.err()).isZero();
            assertThat(show.out()).contains("attempt on custom/healthy answered").doesNotContain("failed: answered");
        }
    }

    /** `hermes chat --help`, `hermes kanban create -h`: every command prints its usage, exit 0. */
    @Test
    void everyCommandTakesHelp() throws Exception {
        Map<String, String> env = Map.of("HOME", home.toString());
        for (String[] args : new String[][]{{"chat", "--help"}, {"kanban", "create", "-h"}, {"doctor", "--help"},
                {"config", "show", "--help"}, {"sessions", "show", "--help"}, {"sim", "--help"}}) {
            HermesProcess.Result r = HermesProcess.run(home, env, RUN, args);
            assertThat(r.exit()).as(String.join(" ", args) + ": " + r.err()).isZero();
            assertThat(r.out()).as(String.join(" ", args)).startsWith("Usage: hermes " + args[0]).contains("--help");
            assertThat(r.err()).isEmpty();
        }
        // every option of the command a new user types first says what it is for
        String create = HermesProcess.run(home, env, RUN, "kanban", "create", "--help").out();
        assertThat(create).containsPattern("TITLE +\\S").containsPattern("--body=TEXT +\\S").containsPattern("--priority=N +\\S")
                .containsPattern("--skill=NAME +\\S").containsPattern("--json +\\S");
    }

    /** `printf 'hello\\n/exit\\n' | hermes chat`: not a terminal, so no ANSI codes, and the answer once, whole. */
    @Test
    void aPipedInteractiveChatGetsPlainText() throws Exception {
        try (SimServer sim = SimServer.start()) {
            Files.writeString(home.resolve("config.yaml"), """
                    model: { provider: custom, default: "cut:after=5", base_url: http://127.0.0.1:%1$d/v1 }
                    fallback_providers: [{ provider: custom, model: healthy, base_url: http://127.0.0.1:%1$d/v1 }]
                    """.formatted(sim.port()));
            Path out = home.resolve("out.txt"), err = home.resolve("err.txt");
            Process p = HermesProcess.start(home, Map.of("HOME", home.toString(), "HERMES_HOME", home.toString()), out, err, "chat");
            try (var keyboard = p.getOutputStream()) {
                keyboard.write("hello\n/exit\n".getBytes(StandardCharsets.UTF_8));
            }
            assertThat(p.waitFor(RUN.toSeconds(), TimeUnit.SECONDS)).as("chat ended").isTrue();
            String shown = Files.readString(out) + Files.readString(err);
            assertThat(p.exitValue()).as(shown).isZero();
            assertThat(shown).doesNotContain("\u001b");
            String said = Files.readString(out);
            String answerStart = said.lines().filter(l -> l.contains("calm paragraph")).findFirst().orElseThrow().substring(0, 12);
            assertThat(said).as("the cut first attempt's words are not shown twice").containsOnlyOnce(answerStart);
        }
    }
}

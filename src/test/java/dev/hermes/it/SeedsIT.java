package dev.hermes.it;

import dev.hermes.sim.SimAttempt;
import dev.hermes.sim.SimOptions;
import dev.hermes.sim.SimScript;
import dev.hermes.sim.SimServer;
import dev.hermes.testing.HermesProcess;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The two field reports this project answers (../shared/seeds), reproduced through the real
 * launcher against the simulator and passing.
 */
class SeedsIT {

    private static final String KEY = "sk-cp-seed-test-key-4242424242";

    @TempDir
    Path home;

    private SimServer sim;

    @AfterEach
    void stop() {
        if (sim != null) sim.close();
    }

    /**
     * Seed 000: a MiniMax (Anthropic-wire) stream stalls mid-answer. The original's rebuild reused
     * OpenAI-client arguments cached at start-up, lost the key (no OPENAI_API_KEY set), and hung.
     * Here: the watchdog cuts the stall, the client is rebuilt for the Anthropic wire with the key
     * resolved afresh from the profile's .env, and the answer completes on the same provider.
     */
    @Test
    void firstSeed_aMiniMaxStallIsRebuiltWithAFreshKeyAndTheAnswerCompletes() throws Exception {
        sim = SimServer.start(0, SimOptions.defaults().withRequiredKey(KEY));
        String model = "stall:after=3,times=1";
        Files.writeString(home.resolve("config.yaml"), """
                model: {provider: minimax, default: "%s", base_url: %s}
                providers:
                  minimax: {content_idle_timeout_seconds: 0.3, first_content_timeout_seconds: 2}
                """.formatted(model, sim.anthropicBaseUrl()));
        Files.writeString(home.resolve(".env"), "MINIMAX_API_KEY=" + KEY + "\n");

        long t0 = System.nanoTime();
        HermesProcess.Result r = HermesProcess.run(home, Map.of("HERMES_HOME", home.toString()), Duration.ofSeconds(60),
                "chat", "-q", "Describe the coastline", "--toolsets", "file");
        Duration took = Duration.ofNanos(System.nanoTime() - t0);

        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).isEqualTo(SimServer.canonicalAnswer(model, "Describe the coastline") + "\n");
        assertThat(r.err()).contains("stall", "rebuilding client", "continuing the answer");
        List<SimAttempt> attempts = sim.attempts();
        assertThat(attempts).hasSize(2);
        assertThat(attempts).allSatisfy(a -> assertThat(a.authKinds()).isNotEmpty());
        assertThat(attempts.get(1).prefill()).isTrue();
        assertThat(r.out() + r.err()).doesNotContain(KEY);
        assertThat(Files.readString(home.resolve("logs/errors.log"))).contains("reason=stall", "provider=minimax")
                .doesNotContain(KEY);
        assertThat(took).isLessThan(Duration.ofSeconds(30));
    }

    /**
     * Seed 003: MiniMax's output filter ({@code output new_sensitive (1027)}) kills a stream in
     * the middle of a large write_file call. The original took the partial stream for a length
     * truncation, asked the model to continue, hit the filter again, and looped forever without
     * ever using its fallback_providers. Here: one attempt on the filtered provider, the fallback
     * produces the tool call whole, the file is written once, the task finishes.
     */
    @Test
    void secondSeed_aContentFilterMidToolCallGoesToTheFallbackAfterOneAttemptAndTheTaskFinishes() throws Exception {
        sim = SimServer.start(0, SimOptions.defaults().withRequiredKey(KEY));
        String report = "# Report\n\n" + "A long paragraph of findings. ".repeat(200);
        var write = SimScript.ToolCall.of("write_file", Map.of("path", "report.md", "content", report));
        sim.registerScript(new SimScript("minimax-writer", List.of(
                SimScript.Turn.tools(write).withFault("content-filter-tool:after=3"),
                SimScript.Turn.text("The report is written."))));
        sim.registerScript(new SimScript("fallback-writer", List.of(
                SimScript.Turn.tools(write),
                SimScript.Turn.text("The report is written."))));
        Files.writeString(home.resolve("config.yaml"), """
                model: {provider: minimax, default: "scripted:minimax-writer", base_url: %s}
                fallback_providers:
                  - {provider: custom, model: "scripted:fallback-writer", base_url: %s, api_mode: chat_completions, key_env: FALLBACK_KEY}
                """.formatted(sim.anthropicBaseUrl(), sim.chatCompletionsBaseUrl()));
        Files.writeString(home.resolve(".env"), "MINIMAX_API_KEY=" + KEY + "\nFALLBACK_KEY=" + KEY + "\n");
        Path workspace = Files.createDirectories(home.resolve("work"));

        HermesProcess.Result r = HermesProcess.run(home, Map.of("HERMES_HOME", home.toString()), Duration.ofSeconds(90),
                "chat", "-q", "Write the report", "--workspace", workspace.toString(), "--toolsets", "file");

        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).isEqualTo("The report is written.\n");
        assertThat(Files.readString(workspace.resolve("report.md"))).isEqualTo(report);
        List<SimAttempt> filteredTurn = sim.attempts().stream()
                .filter(a -> a.model().equals("scripted:minimax-writer") && a.outcome().contains("1027")).toList();
        assertThat(filteredTurn).as(sim.attempts().toString()).hasSize(1);
        assertThat(sim.attempts()).filteredOn(a -> a.model().equals("scripted:fallback-writer")).hasSize(1);
        assertThat(r.err()).contains("content_filtered", "falling back to custom/scripted:fallback-writer");
    }
}

package dev.hermes.it;

import dev.hermes.sim.SimServer;
import dev.hermes.testing.HermesProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** The real `bin/hermes proxy` process: serves a failover stream, logs it, and drains on SIGTERM. */
class ProxyIT {

    @TempDir
    Path dir;

    @Test
    void servesAContinuedStreamThroughTheLauncherAndExitsCleanlyOnSigterm() throws Exception {
        try (SimServer sim = SimServer.start()) {
            Path home = Files.createDirectories(dir.resolve("home"));
            Files.writeString(home.resolve("config.yaml"), "model: {provider: custom, default: 'cut:after=3', base_url: '"
                    + sim.chatCompletionsBaseUrl() + "', api_mode: chat_completions, key_env: SIM_KEY}\n"
                    + "timeouts: {first_content_timeout_seconds: 5, content_idle_timeout_seconds: 1, deadline_seconds: 20}\n"
                    + "agent: {retries: 0}\n"
                    + "fallback_providers:\n  - {provider: custom, model: healthy, base_url: '" + sim.anthropicBaseUrl()
                    + "', api_mode: anthropic_messages, key_env: SIM_KEY}\n");
            Files.writeString(home.resolve(".env"), "SIM_KEY=sk-upstream\nHERMES_PROXY_KEY=sk-client-it\n");
            Path out = dir.resolve("out.txt");
            Path err = dir.resolve("err.txt");
            Process p = HermesProcess.start(dir, Map.of("HERMES_HOME", home.toString()), out, err, "proxy", "--port", "0");
            try {
                Pattern listening = Pattern.compile("listening on http://127\\.0\\.0\\.1:(\\d+)");
                long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                Matcher m = listening.matcher("");
                boolean started = false;
                while (!started && System.nanoTime() < until && p.isAlive()) {
                    m = listening.matcher(Files.readString(err));
                    started = m.find();
                    if (!started) Thread.sleep(50);
                }
                assertThat(started).as("proxy started: " + Files.readString(err)).isTrue();
                String base = "http://127.0.0.1:" + m.group(1);
                HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(base + "/v1/messages"))
                        .header("x-api-key", "sk-client-it").POST(HttpRequest.BodyPublishers.ofString(
                                "{\"model\":\"cut:after=3\",\"max_tokens\":200,\"stream\":true,"
                                        + "\"messages\":[{\"role\":\"user\",\"content\":\"hello proxy\"}]}")).build(),
                        HttpResponse.BodyHandlers.ofString());
                StringBuilder text = new StringBuilder();
                Matcher t = Pattern.compile("\"text_delta\",\"text\":\"([^\"]*)\"").matcher(r.body());
                while (t.find()) text.append(t.group(1));
                assertThat(text.toString()).isEqualTo(SimServer.canonicalAnswer(40, "hello proxy"));
                assertThat(r.body()).endsWith("event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n");
            } finally {
                p.destroy(); // SIGTERM: drain and exit
                assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
            }
            assertThat(p.exitValue()).isIn(0, 143);
            assertThat(Files.readString(out)).contains("\"route\":\"custom/healthy\"", "\"status\":200", "\"key\":\"env\"")
                    .doesNotContain("sk-client-it", "sk-upstream");
        }
    }
}

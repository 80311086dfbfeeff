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
                String base = "http://127.0.0.1:" + awaitPort(p, err);
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

    @Test
    void sighupReloadsKeysWithoutDroppingAStreamAndSigtermEndsOpenStreamsWithAnErrorEvent() throws Exception {
        String model = "healthy:chunk_words=1,chunk_delay_ms=100";
        try (SimServer sim = SimServer.start()) {
            Path home = Files.createDirectories(dir.resolve("home"));
            Files.writeString(home.resolve("config.yaml"), "model: {provider: custom, default: '" + model + "', base_url: '"
                    + sim.chatCompletionsBaseUrl() + "', api_mode: chat_completions, key_env: SIM_KEY}\n"
                    + "proxy: {drain_seconds: 0.5}\n");
            Files.writeString(home.resolve(".env"), "SIM_KEY=sk-upstream\nHERMES_PROXY_KEY=sk-old\n");
            Path out = dir.resolve("out.txt");
            Path err = dir.resolve("err.txt");
            Process p = HermesProcess.start(dir, Map.of("HERMES_HOME", home.toString()), out, err, "proxy", "--port", "0");
            try {
                String base = "http://127.0.0.1:" + awaitPort(p, err);
                HttpClient http = HttpClient.newHttpClient();
                String body = "{\"model\":\"" + model + "\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
                java.util.function.Function<String, HttpRequest> request = key -> HttpRequest.newBuilder(
                        URI.create(base + "/v1/chat/completions")).header("authorization", "Bearer " + key)
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build();
                assertThat(http.send(request.apply("sk-new"), HttpResponse.BodyHandlers.discarding()).statusCode()).isEqualTo(401);

                // a stream in flight across the reload
                var open = http.send(request.apply("sk-old"), HttpResponse.BodyHandlers.ofLines());
                var lines = open.body().iterator();
                while (!lines.next().contains("\"content\":\"")) Thread.onSpinWait(); // the first word arrived
                Files.writeString(home.resolve(".env"), "SIM_KEY=sk-upstream\nHERMES_PROXY_KEY=sk-old,sk-new\n");
                new ProcessBuilder("kill", "-HUP", Long.toString(p.pid())).start().waitFor();
                long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
                int status = 401;
                while (status == 401 && System.nanoTime() < until) {
                    status = http.send(request.apply("sk-new"), HttpResponse.BodyHandlers.discarding()).statusCode();
                    if (status == 401) Thread.sleep(50);
                }
                assertThat(status).as("sk-new accepted after SIGHUP; stderr: " + Files.readString(err)).isEqualTo(200);
                StringBuilder rest = new StringBuilder();
                lines.forEachRemaining(l -> rest.append(l).append('\n'));
                assertThat(rest.toString()).as("the stream open across the reload finished").contains("\"finish_reason\":\"stop\"", "[DONE]");

                // a stream open at SIGTERM ends with an error event once the drain time is up
                var last = http.send(request.apply("sk-new"), HttpResponse.BodyHandlers.ofLines());
                var tail = last.body().iterator();
                while (!tail.next().contains("\"content\":\"")) Thread.onSpinWait();
                p.destroy();
                StringBuilder ending = new StringBuilder();
                tail.forEachRemaining(l -> ending.append(l).append('\n'));
                assertThat(ending.toString()).contains("data: {\"error\":", "shutting down").doesNotContain("[DONE]");
                assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
            } finally {
                p.destroyForcibly();
            }
        }
    }

    private static String awaitPort(Process p, Path err) throws Exception {
        Pattern listening = Pattern.compile("listening on http://127\\.0\\.0\\.1:(\\d+)");
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < until && p.isAlive()) {
            Matcher m = listening.matcher(Files.readString(err));
            if (m.find()) return m.group(1);
            Thread.sleep(50);
        }
        throw new AssertionError("proxy did not start: " + Files.readString(err));
    }
}

package dev.hermes.cli;

import dev.hermes.exit.ExitCodes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@Timeout(30)
class SimCommandTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    void runsPrintsBaseUrlsServesScriptsAndStopsOnInterrupt(@TempDir Path dir) throws Exception {
        Path script = dir.resolve("hello.yaml");
        Files.writeString(script, "name: hello\nturns:\n  - text: Hi from the script.\n");
        StringWriter out = new StringWriter();
        AtomicInteger exit = new AtomicInteger(-1);
        Thread t = new Thread(() -> {
            var cl = HermesCommand.commandLine();
            cl.setOut(new PrintWriter(out, true));
            exit.set(cl.execute("sim", "--port", "0", "--script", script.toString(), "--require-key", "k-secret"));
        });
        t.start();
        Matcher m = Pattern.compile("chat_completions +base URL: (http://127\\.0\\.0\\.1:(\\d+)/v1)").matcher("");
        long deadline = System.nanoTime() + 10_000_000_000L;
        // the banner is printed line by line: wait for its last line, not just the first URL
        while (!(m.reset(out.toString()).find() && out.toString().contains("api_mode: anthropic_messages"))
                && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        String banner = out.toString();
        assertThat(banner).contains("anthropic_messages base URL: http://127.0.0.1:" + m.group(2) + "\n")
                .contains("script: scripted:hello (1 turns)").contains("api_mode: anthropic_messages")
                .doesNotContain("k-secret");

        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(m.group(1) + "/chat/completions"))
                .header("Authorization", "Bearer k-secret")
                .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"model\":\"scripted:hello\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("Hi from the script.");

        t.interrupt();
        t.join(5_000);
        assertThat(exit.get()).isEqualTo(ExitCodes.INTERRUPTED);
        assertThatThrownBy(() -> HTTP.send(HttpRequest.newBuilder(URI.create(m.group(1) + "/models")).build(),
                HttpResponse.BodyHandlers.ofString())).isInstanceOf(ConnectException.class);
    }

    @Test
    void badScriptFileIsAUsageErrorNamingTheFile(@TempDir Path dir) throws Exception {
        Path script = dir.resolve("broken.yaml");
        Files.writeString(script, "name: b\nturns:\n  - fault: stall\n");
        StringWriter err = new StringWriter();
        var cl = HermesCommand.commandLine();
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute("sim", "--script", script.toString());
        assertThat(code).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString()).contains(script.toString()).contains("turns[0]").contains("needs text or tool_calls");
    }
}

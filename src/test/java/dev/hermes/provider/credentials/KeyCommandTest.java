package dev.hermes.provider.credentials;

import dev.hermes.provider.Credential;
import dev.hermes.provider.MissingCredentialException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** key_cmd: a real shell command, a controlled clock. */
class KeyCommandTest {
    @TempDir
    Path dir;
    final AtomicLong now = new AtomicLong();

    private KeyCommand command(String script) throws Exception {
        Path file = dir.resolve("mint.sh");
        Files.writeString(file, "#!/bin/sh\necho run >> runs.txt\n" + script + "\n");
        file.toFile().setExecutable(true);
        return new KeyCommand("gw", file.toString(), "config.yaml:5: providers.gw.key_cmd", dir, () -> Map.of("FROM_ENV_FILE", "tok-env-0123"),
                now::get);
    }

    private long runs() throws Exception {
        return Files.readAllLines(dir.resolve("runs.txt")).size();
    }

    private void advance(Duration d) {
        now.addAndGet(d.toNanos());
    }

    @Test
    void aJsonTokenIsReusedUntilShortlyBeforeItExpires() throws Exception {
        KeyCommand k = command("printf '{\"access_token\": \"tok-json-0123456\", \"expires_in\": 100}'");
        assertThat(k.resolve()).extracting(Credential::secret).containsExactly("tok-json-0123456");
        advance(Duration.ofSeconds(74)); // a 100 s token is refreshed 25 s early (a quarter of its life, under 60 s)
        k.resolve();
        assertThat(runs()).isEqualTo(1);
        advance(Duration.ofSeconds(2));
        k.resolve();
        assertThat(runs()).isEqualTo(2);
    }

    @Test
    void aBareTokenLivesFiveMinutesAndA401MintsAnother() throws Exception {
        KeyCommand k = command("echo \"$FROM_ENV_FILE\"");
        Credential first = k.resolve().getFirst();
        assertThat(first.secret()).isEqualTo("tok-env-0123");
        advance(Duration.ofMinutes(3));
        k.resolve();
        assertThat(runs()).isEqualTo(1);
        k.unauthorised(first);
        k.resolve();
        assertThat(runs()).isEqualTo(2);
        advance(Duration.ofMinutes(5));
        k.resolve();
        assertThat(runs()).isEqualTo(3);
    }

    @Test
    void failuresNameWhereTheCommandIsAndNeverItsOutput() throws Exception {
        assertThatThrownBy(() -> command("echo 'tok-secret-leak' >&2; exit 7").resolve())
                .isInstanceOf(MissingCredentialException.class)
                .hasMessage("config.yaml:5: providers.gw.key_cmd: key_cmd for provider 'gw' gave no token: it exited with status 7");
        assertThatThrownBy(() -> command("true").resolve()).hasMessageEndingWith("it printed nothing");
        assertThatThrownBy(() -> command("echo 'Your token is tok-secret-leak'").resolve())
                .hasMessageEndingWith("it printed more than a token (print only the token)")
                .hasMessageNotContaining("tok-secret-leak");
        assertThatThrownBy(() -> command("echo '{\"token\": \"tok-secret-leak\"}'").resolve())
                .hasMessageEndingWith("its JSON has no \"access_token\"").hasMessageNotContaining("tok-secret-leak");
    }
}

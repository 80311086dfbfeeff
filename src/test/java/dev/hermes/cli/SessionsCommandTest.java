package dev.hermes.cli;

import dev.hermes.config.Environment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code hermes sessions list/show} read like English. */
class SessionsCommandTest {

    @Test
    void listAndShowReadLikeEnglish(@TempDir Path home) throws Exception {
        Path sessions = Files.createDirectories(home.resolve("sessions"));
        String id = "20261201-144747-d2b7";
        Files.writeString(sessions.resolve(id + ".jsonl"), """
                {"type":"meta","event":"start","version":1,"session":"20261201-144747-d2b7","provider":"custom","model":"m","workspace":"/tmp","time":"2026-12-01T14:47:47.429094389Z"}
                {"type":"message","role":"user","content":[{"type":"text","text":"hi"}],"time":"2026-12-01T14:47:47.595999706Z"}
                {"type":"attempt","route":"custom/m","reason":"transport","detail":"transport reset: connection reset","elapsed_ms":1328,"time":"2026-12-01T14:47:49.785372985Z"}
                {"type":"attempt","route":"custom/m","reason":"stall","detail":"no content for 5 s","elapsed_ms":5000,"time":"2026-12-01T14:47:55.785372985Z"}
                {"type":"outcome","kind":"gave_up","message":"no complete answer","time":"2026-12-01T14:47:49.834907826Z"}
                """);
        Environment env = new Environment(Map.of("HERMES_HOME", home.toString()), home);

        CliRun list = CliRun.run(env, "sessions", "list");
        assertThat(list.exit()).isZero();
        assertThat(list.out()).contains(id, " 1 turn ", "hi").doesNotContain("1 turns").doesNotContainPattern("\\d{2}\\.\\d{6,}");

        CliRun show = CliRun.run(env, "sessions", "show", id);
        assertThat(show.out()).contains("attempt on custom/m failed: transport reset: connection reset",
                        "attempt on custom/m failed: stall: no content for 5 s", "-- gave up")
                .doesNotContain("transport transport").doesNotContainPattern("\\d{2}\\.\\d{6,}");
    }
}

package dev.hermes.log;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class EventLogTest {

    @TempDir
    Path dir;

    @Test
    void warningsGoToBothFilesAndInfoOnlyToTheAgentLog() throws Exception {
        EventLog log = EventLog.inDirectory(dir);
        log.info("s1", "chat", "answered", Map.of("provider", "sim"));
        log.warn("s1", "failover", "stalled\nmid-stream", Map.of("elapsed_ms", 31));
        log.close();

        var agent = Files.readAllLines(dir.resolve("agent.log"));
        var errors = Files.readAllLines(dir.resolve("errors.log"));
        assertThat(agent).hasSize(2);
        assertThat(agent.get(0)).contains("INFO", "[s1]", "chat: answered", "provider=sim");
        assertThat(errors).singleElement().asString().contains("WARN", "stalled\\nmid-stream", "elapsed_ms=31");
    }

    @Test
    void secretsNeverReachTheFile() throws Exception {
        Redactor.remember("sk-live-this-is-secret-42");
        EventLog log = EventLog.inDirectory(dir);
        log.error("s2", "client", "rejected key sk-live-this-is-secret-42", Map.of("header", "Bearer sk-live-this-is-secret-42"));
        log.close();

        assertThat(Files.readString(dir.resolve("agent.log"))).doesNotContain("this-is-secret");
        assertThat(Files.readString(dir.resolve("errors.log"))).doesNotContain("this-is-secret");
    }

    @Test
    void filesRollOverAtTheirSizeCap() throws Exception {
        RollingFile file = new RollingFile(dir.resolve("x.log"), 100, 2);
        for (int i = 0; i < 20; i++) file.append("line %02d ------------------------------".formatted(i));
        file.close();

        assertThat(dir.resolve("x.log")).exists();
        assertThat(dir.resolve("x.log.1")).exists();
        assertThat(dir.resolve("x.log.2")).exists();
        assertThat(dir.resolve("x.log.3")).doesNotExist();
        assertThat(Files.size(dir.resolve("x.log"))).isLessThanOrEqualTo(100);
        assertThat(Files.readString(dir.resolve("x.log"))).contains("line 19");
    }
}

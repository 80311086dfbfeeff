package dev.hermes.app;

import dev.hermes.config.Configuration;
import dev.hermes.config.Environment;
import dev.hermes.config.Routes;
import dev.hermes.failover.CallFailedException;
import dev.hermes.failover.CallObserver;
import dev.hermes.llm.ChatRequest;
import dev.hermes.llm.Message;
import dev.hermes.sim.SimServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The composition root: the ids front ends start from, and callers that log under them. */
class AppTest {

    @TempDir
    Path user;

    @Test
    void sessionIdsSortByTheSecondTheyStartedAndRequestIdsAreSixteenHexDigits() {
        DateTimeFormatter second = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);
        String before = second.format(Instant.now());
        String id = App.newSessionId();
        String after = second.format(Instant.now());
        assertThat(id).matches("\\d{8}-\\d{6}-[0-9a-f]{4}");
        assertThat(id.substring(0, 15)).isBetween(before, after);
        assertThat(App.newRequestId()).matches("[0-9a-f]{16}").isNotEqualTo(App.newRequestId());
    }

    @Test
    void aCallerFromTheRootLogsEachFailedAttemptUnderTheIdItWasGiven() throws Exception {
        try (SimServer sim = SimServer.start()) {
            Path home = Files.createDirectories(user.resolve(".hermes"));
            Files.writeString(home.resolve("config.yaml"), "model: {provider: custom, default: overloaded-503, base_url: '"
                    + sim.chatCompletionsBaseUrl() + "', api_mode: chat_completions}\nagent: {retries: 0}\n");
            Configuration configuration = Configuration.load(new Environment(Map.of(), user), null);
            String id = App.newSessionId();
            try (App app = App.open(configuration)) {
                Routes.Plan plan = configuration.routes(new Routes.Overrides(null, null, null));
                assertThatThrownBy(() -> app.caller(plan, id).call(ChatRequest.of("overloaded-503",
                        List.of(Message.user("hi"))), CallObserver.NONE)).isInstanceOf(CallFailedException.class);
            }
            assertThat(Files.readAllLines(home.resolve("logs/errors.log"))).filteredOn(l -> l.contains("attempt failed"))
                    .singleElement().asString().contains("[" + id + "]", "provider=custom");
        }
    }
}

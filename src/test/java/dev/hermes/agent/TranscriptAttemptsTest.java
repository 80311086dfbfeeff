package dev.hermes.agent;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hermes.app.App;
import dev.hermes.failover.Backoff;
import dev.hermes.failover.ClientPool;
import dev.hermes.failover.FailoverCaller;
import dev.hermes.failover.FailoverSettings;
import dev.hermes.provider.AuthStyle;
import dev.hermes.provider.CredentialSource;
import dev.hermes.provider.Endpoint;
import dev.hermes.provider.ProviderSettings;
import dev.hermes.provider.Route;
import dev.hermes.provider.WireApi;
import dev.hermes.stream.StreamWatchdog;
import dev.hermes.tools.ApprovalPolicy;
import dev.hermes.tools.ToolContext;
import dev.hermes.tools.ToolRunner;
import dev.hermes.tools.Workspace;
import dev.hermes.util.Json;
import dev.hermes.util.MonotonicClock;
import dev.hermes.util.Origin;
import dev.hermes.util.Sleeper;
import dev.hermes.util.Sourced;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static dev.hermes.agent.ScriptedModel.error;
import static org.assertj.core.api.Assertions.assertThat;

/** The transcript is a listener of the call's events: each attempt is on disk once, as soon as it ended. */
class TranscriptAttemptsTest {

    private static final Sourced<Duration> TEN_SECONDS = Sourced.of(Duration.ofSeconds(10), new Origin.Flag("test"));

    @TempDir
    Path temp;

    @Test
    void aFailedAttemptIsRecordedWhileTheCallGoesOnAndOnlyOnce() throws Exception {
        ScriptedModel primary = new ScriptedModel(error(500, "{\"error\":{\"message\":\"upstream broke\"}}"));
        ScriptedModel fallback = new ScriptedModel();
        fallback.then(fallback.hold("thinking"));
        try (Harness h = new Harness(temp, primary); ClientPool clients = new ClientPool();
             StreamWatchdog watchdog = StreamWatchdog.start(MonotonicClock.SYSTEM);
             SessionWriter writer = h.store.create(App.newSessionId(), "scripted", "scripted-1", h.workspaceDir)) {
            FailoverSettings settings = FailoverSettings.builder().retriesPerRoute(0)
                    .backoff(new Backoff(Backoff.Config.DEFAULTS, new SplittableRandom(1), Sleeper.SYSTEM))
                    .clients(clients).watchdog(watchdog).session(writer.id()).build();
            FailoverCaller caller = new FailoverCaller(route("primary", primary.uri()), List.of(route("fallback",
                    fallback.uri())), settings);
            ConversationLoop loop = new ConversationLoop(new ConversationLoop.Setup(caller, h.tools, new ToolRunner(h.tools),
                    ToolContext.of(Workspace.at(h.workspaceDir), ApprovalPolicy.yolo()), "You are a test agent.", h.settings,
                    writer, h.log, writer.id()), List.of());
            CompletableFuture<Outcome> run = CompletableFuture.supplyAsync(() -> loop.run("hello", new RecordingObserver()));

            // the fallback is streaming: the call is not over, and the primary's failure is already on disk
            assertThat(fallback.holding.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(run.isDone()).isFalse();
            assertThat(attempts(writer.file())).singleElement().satisfies(a -> {
                assertThat(a.path("route").asText()).isEqualTo("primary/scripted-1");
                assertThat(a.path("reason").asText()).isEqualTo("server_error");
            });

            loop.interrupt();
            assertThat(run.get(10, TimeUnit.SECONDS)).isInstanceOf(Outcome.Interrupted.class);
            // once: the primary's failure was not written again at the end (the interrupted attempt has no ending)
            assertThat(attempts(writer.file())).extracting(a -> a.path("route").asText())
                    .containsExactly("primary/scripted-1");
        } finally {
            fallback.close();
        }
    }

    private static Route route(String provider, URI base) {
        Endpoint endpoint = new Endpoint(provider, base, WireApi.CHAT_COMPLETIONS, AuthStyle.NONE, Map.of(), Duration.ofSeconds(2));
        return new Route(endpoint, "scripted-1", CredentialSource.NONE, new ProviderSettings(TEN_SECONDS, TEN_SECONDS,
                TEN_SECONDS, TEN_SECONDS, TEN_SECONDS, TEN_SECONDS));
    }

    private static List<JsonNode> attempts(Path session) throws Exception {
        return Files.readAllLines(session).stream().map(TranscriptAttemptsTest::parse)
                .filter(n -> n.path("type").asText().equals("attempt")).toList();
    }

    private static JsonNode parse(String line) {
        try {
            return Json.MAPPER.readTree(line);
        } catch (Exception e) {
            throw new AssertionError(line, e);
        }
    }
}

package dev.hermes.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hermes.board.BoardOptions;
import dev.hermes.board.BoardStore;
import dev.hermes.board.NewTask;
import dev.hermes.board.Task;
import dev.hermes.board.TaskId;
import dev.hermes.board.TaskStatus;
import dev.hermes.util.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dashboard over real HTTP on a real board: who gets in, what changes go through (and the rows
 * they leave), and the event stream following changes made through another connection, as
 * another process would make them.
 */
abstract class DashboardContract {

    @TempDir
    Path dir;

    private BoardStore store;
    private BoardStore other;
    private Dashboard dashboard;
    private String token;
    private String cookie;

    abstract BoardStore open(BoardOptions options);

    @BeforeEach
    void start() throws IOException {
        store = open(BoardOptions.DEFAULTS);
        other = open(BoardOptions.DEFAULTS);
        dashboard = Dashboard.start(store, new Dashboard.Settings("127.0.0.1", 0, dir, "tester", Duration.ofMillis(50)),
                assignee -> {
                    if (!assignee.equals("coder")) throw new DashboardActions.BadRequest("unknown profile '" + assignee + "'");
                });
        token = dashboard.url().substring(dashboard.url().indexOf("token=") + 6);
        RawHttp.Response exchange = get("/?token=" + token, Map.of());
        assertThat(exchange.status()).isEqualTo(303);
        String setCookie = exchange.header("Set-Cookie");
        assertThat(setCookie).contains("HttpOnly").contains("SameSite=Strict");
        cookie = setCookie.substring(0, setCookie.indexOf(';'));
    }

    @AfterEach
    void stop() {
        dashboard.close();
        store.close();
        other.close();
    }

    @Test
    void withoutTheCookieNothingOfTheBoardIsShown() throws IOException {
        other.create(task("secret plans"));
        RawHttp.Response page = get("/", Map.of());
        assertThat(page.status()).isEqualTo(401);
        assertThat(page.body()).contains("hermes dashboard").doesNotContain("secret plans").doesNotContain(token);
        RawHttp.Response api = get("/api/board", Map.of());
        assertThat(api.status()).isEqualTo(401);
        assertThat(api.body()).doesNotContain("secret plans");
        assertThat(get("/api/board", Map.of("Cookie", "hermes_dashboard=wrong")).status()).isEqualTo(401);
        assertThat(get("/?token=wrong", Map.of()).status()).isEqualTo(401);
    }

    @Test
    void aRequestNamingAnotherHostIsRefusedEvenWithTheCookie() throws IOException {
        RawHttp.Response rebound = get("/api/board", Map.of("Cookie", cookie, "Host", "attacker.example:" + dashboard.port()));
        assertThat(rebound.status()).isEqualTo(403);
        assertThat(get("/api/board", Map.of("Cookie", cookie, "Host", "localhost:" + dashboard.port())).status())
                .isEqualTo(200);
    }

    @Test
    void aChangeWithoutTheTokenHeaderIsRefusedAndChangesNothing() throws IOException {
        RawHttp.Response forged = RawHttp.send(dashboard.port(), "POST", "/api/action",
                Map.of("Cookie", cookie, "Content-Type", "application/json"), "{\"action\":\"create\",\"title\":\"forged\"}");
        assertThat(forged.status()).isEqualTo(403);
        assertThat(other.list(dev.hermes.board.TaskQuery.ALL)).isEmpty();
    }

    @Test
    void theBoardListsTasksByStatusWithTheirCardFields() throws IOException {
        Task t = other.create(new NewTask("write the parser", "body", TaskStatus.READY, "coder", 3, List.of(), null,
                null, null, 2, null, List.of()));
        JsonNode board = Json.MAPPER.readTree(get("/api/board", Map.of("Cookie", cookie)).body());
        assertThat(board.path("columns").toString()).contains("triage", "review", "done");
        JsonNode card = board.path("tasks").get(0);
        assertThat(card.path("id").asText()).isEqualTo(t.id().toString());
        assertThat(card.path("status").asText()).isEqualTo("ready");
        assertThat(card.path("assignee").asText()).isEqualTo("coder");
        assertThat(card.path("priority").asInt()).isEqualTo(3);
    }

    @Test
    void actionsGoThroughTheBoardAndLeaveTheirRows() throws IOException {
        JsonNode created = action("{\"action\":\"create\",\"title\":\"from the page\",\"assignee\":\"coder\",\"priority\":2}", 200);
        TaskId id = TaskId.of(created.path("id").asText());
        assertThat(other.get(id).title()).isEqualTo("from the page");
        assertThat(other.get(id).priority()).isEqualTo(2);

        action("{\"action\":\"comment\",\"id\":\"" + id + "\",\"body\":\"looks good\"}", 200);
        assertThat(other.comments(id)).singleElement().satisfies(c -> {
            assertThat(c.body()).isEqualTo("looks good");
            assertThat(c.author()).isEqualTo("tester");
        });
        action("{\"action\":\"request_review\",\"id\":\"" + id + "\"}", 200);
        assertThat(other.get(id).status()).isEqualTo(TaskStatus.REVIEW);
        action("{\"action\":\"request_changes\",\"id\":\"" + id + "\",\"reason\":\"add tests\"}", 200);
        assertThat(other.get(id).status()).isEqualTo(TaskStatus.READY);
        action("{\"action\":\"block\",\"id\":\"" + id + "\",\"reason\":\"waiting\"}", 200);
        assertThat(other.get(id).status()).isEqualTo(TaskStatus.BLOCKED);
        action("{\"action\":\"unblock\",\"id\":\"" + id + "\"}", 200);
        action("{\"action\":\"complete\",\"id\":\"" + id + "\",\"summary\":\"done by hand\"}", 200);
        assertThat(other.get(id).status()).isEqualTo(TaskStatus.DONE);
        action("{\"action\":\"archive\",\"id\":\"" + id + "\"}", 200);
        assertThat(other.get(id).status()).isEqualTo(TaskStatus.ARCHIVED);
    }

    @Test
    void aRefusedActionShowsTheBoardsReason() throws IOException {
        Task t = other.create(task("not in review"));
        JsonNode refused = action("{\"action\":\"approve\",\"id\":\"" + t.id() + "\"}", 409);
        assertThat(refused.path("error").asText()).contains(t.id().toString());
        assertThat(other.get(t.id()).status()).isEqualTo(TaskStatus.READY);
        JsonNode unknown = action("{\"action\":\"assign\",\"id\":\"" + t.id() + "\",\"assignee\":\"nobody\"}", 400);
        assertThat(unknown.path("error").asText()).contains("unknown profile 'nobody'");
        assertThat(other.get(t.id()).assignee()).isNull();
    }

    @Test
    void theEventStreamFollowsChangesMadeElsewhereAndResumesFromTheLastId() throws IOException {
        long start = Json.MAPPER.readTree(get("/api/board", Map.of("Cookie", cookie)).body()).path("lastEventId").asLong();
        Task first;
        long firstEventId;
        try (RawHttp events = RawHttp.open(dashboard.port(), "GET", "/api/events?after=" + start,
                Map.of("Cookie", cookie, "Accept", "text/event-stream"), null)) {
            assertThat(events.head().status()).isEqualTo(200);
            first = other.create(task("made by another process"));
            firstEventId = nextChangeFor(events, first.id());
        }
        Task second = other.create(task("made while the page was away"));
        try (RawHttp resumed = RawHttp.open(dashboard.port(), "GET", "/api/events",
                Map.of("Cookie", cookie, "Last-Event-ID", Long.toString(firstEventId)), null)) {
            assertThat(resumed.head().status()).isEqualTo(200);
            assertThat(nextChangeFor(resumed, second.id())).isGreaterThan(firstEventId);
        }
    }

    @Test
    void theBoardShowsTheStateTheDispatcherLeft() throws IOException {
        assertThat(Json.MAPPER.readTree(get("/api/board", Map.of("Cookie", cookie)).body()).path("dispatcher").isNull())
                .isTrue();
        new dev.hermes.board.dispatch.DispatcherStatus("host-a", 4242, 4, 2, 3, Instant.now(), 5, null).writeTo(dir);
        JsonNode d = Json.MAPPER.readTree(get("/api/board", Map.of("Cookie", cookie)).body()).path("dispatcher");
        assertThat(d.path("host").asText()).isEqualTo("host-a");
        assertThat(d.path("live_workers").asInt()).isEqualTo(3);
        assertThat(d.path("max_workers").asInt()).isEqualTo(4);
    }

    @Test
    void aKnownSecretWrittenOnTheBoardIsMaskedOnThePage() throws IOException {
        String secret = "dashboard-test-secret-" + Long.toHexString(System.nanoTime());
        dev.hermes.log.Redactor.remember(secret);
        Task t = other.create(new NewTask("rotate " + secret, "the key is " + secret, TaskStatus.READY, null, 0,
                List.of(), null, null, null, 2, null, List.of()));
        String board = get("/api/board", Map.of("Cookie", cookie)).body();
        String detail = get("/api/task?id=" + t.id(), Map.of("Cookie", cookie)).body();
        assertThat(board).contains("rotate ***").doesNotContain(secret);
        assertThat(detail).doesNotContain(secret);
    }

    @Test
    void theWorkerLogIsReadFromAnOffset() throws IOException {
        Task t = other.create(task("logged"));
        Path log = dir.resolve("logs").resolve(t.id() + ".log");
        Files.createDirectories(log.getParent());
        Files.writeString(log, "first line\n");
        JsonNode a = Json.MAPPER.readTree(get("/api/log?id=" + t.id(), Map.of("Cookie", cookie)).body());
        assertThat(a.path("text").asText()).isEqualTo("first line\n");
        Files.writeString(log, "second line\n", java.nio.file.StandardOpenOption.APPEND);
        JsonNode b = Json.MAPPER.readTree(get("/api/log?id=" + t.id() + "&from=" + a.path("next").asLong(),
                Map.of("Cookie", cookie)).body());
        assertThat(b.path("text").asText()).isEqualTo("second line\n");
    }

    /** Reads the stream until a change event for {@code task}; returns its event id. */
    private static long nextChangeFor(RawHttp events, TaskId task) throws IOException {
        Instant deadline = Instant.now().plusSeconds(15);
        long id = -1;
        for (String line; Instant.now().isBefore(deadline) && (line = events.line()) != null; ) {
            if (line.startsWith("id: ")) id = Long.parseLong(line.substring(4));
            if (line.startsWith("data: ") && line.contains(task.toString())) return id;
        }
        throw new AssertionError("no change event for " + task);
    }

    private JsonNode action(String json, int status) throws IOException {
        RawHttp.Response r = RawHttp.send(dashboard.port(), "POST", "/api/action", Map.of("Cookie", cookie,
                "Content-Type", "application/json", DashboardAccess.TOKEN_HEADER, token), json);
        assertThat(r.status()).as(r.body()).isEqualTo(status);
        return Json.MAPPER.readTree(r.body());
    }

    private RawHttp.Response get(String path, Map<String, String> headers) throws IOException {
        return RawHttp.send(dashboard.port(), "GET", path, headers, null);
    }

    private static NewTask task(String title) {
        return new NewTask(title, "", TaskStatus.READY, null, 0, List.of(), null, null, null, 2, null, List.of());
    }
}

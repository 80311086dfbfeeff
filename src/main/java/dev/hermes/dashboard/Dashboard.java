package dev.hermes.dashboard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hermes.board.BoardException;
import dev.hermes.board.BoardStore;
import dev.hermes.board.TaskEvent;
import dev.hermes.board.TaskId;
import dev.hermes.board.dispatch.DispatcherStatus;
import dev.hermes.log.Redactor;
import dev.hermes.server.Exchange;
import dev.hermes.server.Handler;
import dev.hermes.server.HttpServer;
import dev.hermes.server.Router;
import dev.hermes.server.SseStream;
import dev.hermes.util.Json;
import dev.hermes.util.Sleeper;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * {@code hermes dashboard}: one page showing a board live, served from the jar. Routes:
 * {@code /} the page (and the token-for-cookie exchange), {@code /api/board} the columns,
 * {@code /api/task} one task's detail, {@code /api/log} a worker log from an offset,
 * {@code /api/events} the event stream that tells pages to refresh, {@code /api/action} the
 * changes a person makes. Access rules: {@link DashboardAccess}.
 */
public final class Dashboard implements AutoCloseable {

    /** Where and how to serve. */
    public record Settings(String host, int port, Path boardDir, String by, Duration pollInterval) {
    }

    private static final Duration KEEP_ALIVE = Duration.ofSeconds(15);

    private final BoardStore store;
    private final Settings settings;
    private final DashboardAccess access;
    private final EventFeed feed;
    private final DashboardActions actions;
    private final Thread poller;
    private final HttpServer server;

    private Dashboard(BoardStore store, Settings settings, String token, Consumer<String> assigneeCheck)
            throws IOException {
        this.store = store;
        this.settings = settings;
        this.feed = new EventFeed(store, settings.pollInterval(), Sleeper.SYSTEM);
        feed.catchUp();
        this.actions = new DashboardActions(store, settings.by(), assigneeCheck);
        this.server = HttpServer.start(new HttpServer.Options(settings.host(), settings.port(), 64 * 1024,
                Duration.ofMinutes(10)), routes());
        this.access = new DashboardAccess(token, settings.host(), server.port());
        this.poller = Thread.ofVirtual().name("dashboard-feed").start(feed);
    }

    /**
     * Serves {@code store} until {@link #close}. The store stays the caller's.
     *
     * @param assigneeCheck throws {@link DashboardActions.BadRequest} for an assignee that is not a profile
     */
    public static Dashboard start(BoardStore store, Settings settings, Consumer<String> assigneeCheck)
            throws IOException {
        return new Dashboard(store, settings, DashboardAccess.newToken(), assigneeCheck);
    }

    /** The address to open: it carries the token, which the page trades for a cookie. */
    public String url() {
        String h = server.host().contains(":") ? "[" + server.host() + "]" : server.host();
        return "http://" + h + ":" + server.port() + "/?token=" + access.token();
    }

    public int port() {
        return server.port();
    }

    public static boolean isLoopback(String host) {
        return DashboardAccess.isLoopback(host);
    }

    @Override
    public void close() {
        poller.interrupt();
        try {
            server.stop(Duration.ofSeconds(1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private Router routes() {
        return new Router()
                .get("/", guarded(false, this::page))
                .get("/dashboard.js", guarded(false, ex -> asset(ex, "dashboard.js", "text/javascript")))
                .get("/dashboard.css", guarded(false, ex -> asset(ex, "dashboard.css", "text/css")))
                .get("/api/board", guarded(true, this::board))
                .get("/api/task", guarded(true, this::task))
                .get("/api/log", guarded(true, this::log))
                .get("/api/events", guarded(true, this::events))
                .post("/api/action", guarded(true, this::action))
                .notFound(guarded(false, ex -> text(ex, 404, "not found")));
    }

    /** Host check for everything; the cookie for the API; the header token for changes. */
    private Handler guarded(boolean api, Handler inner) {
        return ex -> {
            ex.header("X-Content-Type-Options", "nosniff");
            ex.header("X-Frame-Options", "DENY");
            ex.header("Referrer-Policy", "no-referrer");
            ex.header("Cache-Control", "no-store");
            if (!access.hostAllowed(ex)) {
                text(ex, 403, "this dashboard answers only to the address it was started on");
                return;
            }
            if (api && !access.hasCookie(ex)) {
                text(ex, 401, "open the link printed by `hermes dashboard`");
                return;
            }
            if (ex.method().equals("POST") && !access.hasHeaderToken(ex)) {
                text(ex, 403, "missing " + DashboardAccess.TOKEN_HEADER + " header");
                return;
            }
            inner.handle(ex);
        };
    }

    private void page(Exchange ex) throws IOException {
        String offered = ex.query("token");
        if (offered != null && access.matches(offered)) {
            ex.header("Set-Cookie", access.setCookie());
            ex.header("Location", "/");
            ex.respond(303, "text/plain; charset=utf-8", "");
            return;
        }
        ex.header("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; base-uri 'none'; "
                + "form-action 'none'; frame-ancestors 'none'");
        if (!access.hasCookie(ex)) {
            ex.respond(401, "text/html; charset=utf-8", resource("locked.html"));
            return;
        }
        // the page needs the token for the anti-CSRF header; only a same-origin read can see it
        ex.respond(200, "text/html; charset=utf-8", resource("index.html").replace("{{TOKEN}}", access.token()));
    }

    private void board(Exchange ex) throws IOException {
        ObjectNode board = BoardJson.board(store, feed.latestId());
        board.set("dispatcher", DispatcherStatus.read(settings.boardDir()).orElse(null));
        board.put("feedError", feed.lastError());
        json(ex, 200, board);
    }

    private void task(Exchange ex) throws IOException {
        try {
            json(ex, 200, BoardJson.detail(store, TaskId.of(String.valueOf(ex.query("id")))));
        } catch (IllegalArgumentException e) {
            text(ex, 400, e.getMessage());
        } catch (BoardException.UnknownTask e) {
            text(ex, 404, e.getMessage());
        }
    }

    private void log(Exchange ex) throws IOException {
        TaskId id;
        try {
            id = TaskId.of(String.valueOf(ex.query("id")));
        } catch (IllegalArgumentException e) {
            text(ex, 400, e.getMessage());
            return;
        }
        String from = ex.query("from");
        LogTail.Chunk chunk = LogTail.read(settings.boardDir().resolve("logs").resolve(id + ".log"),
                from == null ? -1 : Long.parseLong(from));
        json(ex, 200, Json.MAPPER.createObjectNode().put("text", chunk.text()).put("next", chunk.next()));
    }

    private void action(Exchange ex) throws IOException {
        JsonNode request;
        try {
            request = Json.MAPPER.readTree(ex.body());
        } catch (IOException e) {
            text(ex, 400, "the body is not JSON");
            return;
        }
        try {
            json(ex, 200, Json.MAPPER.createObjectNode().put("ok", true).put("id", actions.perform(request)));
        } catch (DashboardActions.BadRequest e) {
            json(ex, 400, Json.MAPPER.createObjectNode().put("ok", false).put("error", e.getMessage()));
        } catch (BoardException | IllegalArgumentException e) {
            // the board's refusal, word for word: the person sees why, as the CLI would say it
            json(ex, 409, Json.MAPPER.createObjectNode().put("ok", false).put("error", e.getMessage()));
        }
    }

    /**
     * The event stream: an event per board event (named {@code change}, its id the event id), or
     * one {@code reload} when the page fell too far behind; comments keep the connection alive.
     */
    private void events(Exchange ex) throws Exception {
        long after = resumePoint(ex);
        LinkedBlockingQueue<List<TaskEvent>> queue = new LinkedBlockingQueue<>();
        Consumer<List<TaskEvent>> listener = queue::add;
        EventFeed.Update first = feed.subscribe(after, listener);
        try {
            SseStream sse = ex.sse();
            switch (first) {
                case EventFeed.Update.Reload r -> sse.event(Long.toString(r.latestId()), "reload", "{}");
                case EventFeed.Update.Events e -> send(sse, e.events());
            }
            sse.comment("following the board");
            while (!ex.isClientGone()) {
                List<TaskEvent> batch = queue.poll(KEEP_ALIVE.toMillis(), TimeUnit.MILLISECONDS);
                if (batch == null) sse.comment("keep-alive");
                else send(sse, batch);
            }
        } catch (IOException gone) {
            // the page closed: nothing to answer
        } finally {
            feed.unsubscribe(listener);
        }
    }

    private long resumePoint(Exchange ex) {
        String last = ex.header("Last-Event-ID");
        String after = last != null ? last : ex.query("after");
        try {
            return after == null ? feed.latestId() : Long.parseLong(after.trim());
        } catch (NumberFormatException e) {
            return feed.latestId();
        }
    }

    private static void send(SseStream sse, List<TaskEvent> events) throws IOException {
        for (TaskEvent e : events) {
            sse.event(Long.toString(e.id()), "change", Json.MAPPER.createObjectNode().put("task", e.taskId().toString())
                    .put("kind", e.kind()).toString());
        }
    }

    private static void asset(Exchange ex, String name, String type) throws IOException {
        ex.respond(200, type + "; charset=utf-8", resource(name));
    }

    private static String resource(String name) {
        try (InputStream in = Dashboard.class.getResourceAsStream("/dashboard/" + name)) {
            if (in == null) throw new IllegalStateException("missing resource /dashboard/" + name);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every board answer passes the secret masking that `hermes kanban show` applies (the page is an output too). */
    private static void json(Exchange ex, int status, JsonNode body) throws IOException {
        ex.respond(status, "application/json", Redactor.redact(Json.MAPPER.writeValueAsString(body)));
    }

    private static void text(Exchange ex, int status, String message) throws IOException {
        ex.respond(status, "text/plain; charset=utf-8", message + "\n");
    }
}

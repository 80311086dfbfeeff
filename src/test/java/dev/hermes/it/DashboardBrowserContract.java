package dev.hermes.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hermes.board.BoardStore;
import dev.hermes.board.TaskId;
import dev.hermes.board.TaskStatus;
import dev.hermes.testing.HeadlessChromium;
import dev.hermes.testing.HermesProcess;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/hermes dashboard} in a real headless Chromium: the page shows the board, follows
 * changes made with the CLI without a reload, performs actions whose rows land in the database,
 * and shows nothing of the board without the token. The SQLite variant leaves a screenshot in
 * docs/images.
 */
abstract class DashboardBrowserContract {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path dir;

    /** Environment that points hermes at the board (none: the home's SQLite board). */
    abstract Map<String, String> boardEnvironment();

    /** Opens the board the dashboard serves, to check its rows. */
    abstract BoardStore openBoard(Path home);

    /** Where the screenshot goes, or null for none. */
    abstract Path screenshot();

    @Test
    void thePageFollowsTheBoardAndChangesIt() throws Exception {
        HeadlessChromium.requireInstalled();
        Path home = dir.resolve("home");
        Files.createDirectories(home);
        Map<String, String> env = new java.util.HashMap<>(Map.of("HERMES_HOME", home.toString(), "HOME", dir.toString(),
                "USER", "reviewer"));
        env.putAll(boardEnvironment());
        hermes(env, "kanban", "init");
        hermes(env, "profile", "create", "coder");
        String parser = created(hermes(env, "kanban", "create", "Write the parser", "--assignee", "coder", "--priority", "2",
                "--body", "Parse the config file"));
        String docs = created(hermes(env, "kanban", "create", "Document the parser", "--parent", parser));
        String review = created(hermes(env, "kanban", "create", "Review the release notes", "--assignee", "coder"));

        Path out = dir.resolve("dashboard.out");
        Process dashboard = HermesProcess.start(dir, env, out, dir.resolve("dashboard.err"), "dashboard", "--port", "0");
        try (HeadlessChromium browser = new HeadlessChromium(1400, 800)) {
            HeadlessChromium.await(() -> read(out).contains("token="), WAIT, "the dashboard's URL");
            String url = read(out).lines().filter(l -> l.contains("token=")).findFirst().orElseThrow().trim();
            String base = url.substring(0, url.indexOf("/?token="));

            browser.navigate(url);
            awaitPage(browser, "document.querySelectorAll('.card[data-task-id]').length === 3", "three cards");
            assertThat(inColumn(browser, "ready", parser)).isTrue();
            assertThat(inColumn(browser, "todo", docs)).isTrue();
            assertThat(browser.evaluate("location.search").asText()).isEmpty(); // the token left the address bar

            // changes made with the CLI appear without a reload (the marker would be gone after one)
            browser.evaluate("window.__noReload = 42");
            String live = created(hermes(env, "kanban", "create", "Appears live"));
            awaitPage(browser, "document.querySelector('[data-status=ready] [data-task-id=\"" + live + "\"]') !== null",
                    "the new card");
            hermes(env, "kanban", "block", parser, "waiting for the grammar");
            awaitPage(browser, "document.querySelector('[data-status=blocked] [data-task-id=\"" + parser + "\"]') !== null",
                    "the blocked card");
            assertThat(browser.evaluate("window.__noReload").asInt()).isEqualTo(42);
            if (screenshot() != null) browser.screenshot(screenshot());

            // actions from the page go through the board
            open(browser, review);
            browser.evaluate("document.querySelector('input[data-field=comment]').value = 'please check the dates';"
                    + "document.querySelector('button[data-action=comment]').click(); true");
            HeadlessChromium.await(() -> commentsOf(home, review).contains("please check the dates"), WAIT, "the comment row");
            browser.evaluate("document.querySelector('button[data-action=request_review]').click(); true");
            HeadlessChromium.await(() -> statusOf(home, review) == TaskStatus.REVIEW, WAIT, "review status");
            awaitPage(browser, "document.querySelector('button[data-action=approve]') !== null", "the approve button");
            browser.evaluate("document.querySelector('button[data-action=approve]').click(); true");
            HeadlessChromium.await(() -> statusOf(home, review) == TaskStatus.DONE, WAIT, "done status");
            awaitPage(browser, "document.querySelector('[data-status=done] [data-task-id=\"" + review + "\"]') !== null",
                    "the approved card in done");

            // a refused action shows the board's reason (the page's own action call, on a task not in review)
            browser.evaluate("act({action: 'approve', id: '" + live + "'}); true");
            awaitPage(browser, "!document.getElementById('error').hidden", "the error banner");
            assertThat(browser.evaluate("document.getElementById('error').textContent").asText()).contains(live);
            assertThat(statusOf(home, live)).isEqualTo(TaskStatus.READY);

            // without the cookie the page shows nothing of the board
            browser.clearCookies();
            browser.navigate(base + "/");
            awaitPage(browser, "document.getElementById('locked') !== null", "the locked page");
            String text = browser.evaluate("document.body.innerText").asText();
            assertThat(text).contains("hermes dashboard").doesNotContain("Write the parser").doesNotContain("Appears live");
        } finally {
            dashboard.destroy();
            if (!dashboard.waitFor(10, TimeUnit.SECONDS)) dashboard.destroyForcibly();
        }
    }

    private static void open(HeadlessChromium browser, String task) throws InterruptedException {
        browser.evaluate("document.querySelector('.card[data-task-id=\"" + task + "\"]').click(); true");
        awaitPage(browser, "document.getElementById('detail').getAttribute('data-task-id') === '" + task + "'"
                + " && !document.getElementById('detail').hidden", "the detail of " + task);
    }

    private static boolean inColumn(HeadlessChromium browser, String status, String task) {
        return browser.evaluate("document.querySelector('[data-status=" + status + "] [data-task-id=\"" + task
                + "\"]') !== null").asBoolean();
    }

    private static void awaitPage(HeadlessChromium browser, String condition, String what) throws InterruptedException {
        HeadlessChromium.await(() -> browser.evaluate(condition).asBoolean(), WAIT, what);
    }

    private TaskStatus statusOf(Path home, String task) {
        try (BoardStore store = openBoard(home)) {
            return store.get(TaskId.of(task)).status();
        }
    }

    private String commentsOf(Path home, String task) {
        try (BoardStore store = openBoard(home)) {
            return store.comments(TaskId.of(task)).toString();
        }
    }

    private static String created(HermesProcess.Result r) {
        // "created t_xxxxxxxx ..." is what kanban create prints first
        String first = r.out().trim().split("\\s+")[1];
        assertThat(first).startsWith("t_");
        return first;
    }

    private static HermesProcess.Result hermes(Map<String, String> env, String... args) throws Exception {
        return HermesProcess.run(Path.of(System.getProperty("java.io.tmpdir")), env, Duration.ofSeconds(60), args);
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
        } catch (java.io.IOException e) {
            return "";
        }
    }
}

package dev.hermes.cli;

import dev.hermes.board.BoardException;
import dev.hermes.board.BoardStore;
import dev.hermes.dashboard.Dashboard;
import dev.hermes.exit.ExitCodes;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/** {@code hermes dashboard}: the home's kanban board, live, in the browser. See docs/kanban.md. */
@Command(name = "dashboard", mixinStandardHelpOptions = true,
        description = {"Serve the kanban board as a live page; prints the URL to open (it carries the access token).",
                "Loopback only unless --host names another address. See docs/kanban.md."})
public final class DashboardCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--board", paramLabel = "NAME", description = "The board (default: board.name, else 'default').")
    String board;

    @Option(names = "--host", paramLabel = "HOST", defaultValue = "127.0.0.1",
            description = "Address to bind (default 127.0.0.1). Another address is reachable by others: a warning says so.")
    String host;

    @Option(names = "--port", paramLabel = "PORT", defaultValue = "8650", description = "Port (default 8650; 0 picks a free one).")
    int port;

    @Override
    public Integer call() throws IOException, InterruptedException {
        HermesCommand root = HermesCommand.of(spec);
        PrintWriter err = spec.commandLine().getErr();
        KanbanCommand.Resolved r = KanbanCommand.resolve(root, board);
        BoardStore store;
        try {
            store = KanbanCommand.open(r, false);
        } catch (BoardException e) {
            err.println("hermes dashboard: " + e.getMessage());
            return ExitCodes.BOARD;
        }
        if (!Dashboard.isLoopback(host)) {
            err.println("hermes dashboard: WARNING: bound to " + host + ", reachable from other machines; anyone with"
                    + " the link can change the board");
        }
        String by = Optional.ofNullable(root.environment().get("USER")).orElse("dashboard");
        Dashboard dashboard;
        try {
            dashboard = Dashboard.start(store, new Dashboard.Settings(host, port, r.boardDir(), by,
                    Duration.ofMillis(250)), assignee -> {
                        if (!Files.isDirectory(KanbanProfiles.home(r.config().home().root(), assignee).dir())) {
                            throw new dev.hermes.dashboard.DashboardActions.BadRequest("unknown profile '" + assignee
                                    + "' (create it with `hermes profile create " + assignee + "`)");
                        }
                    });
        } catch (IOException e) {
            store.close();
            err.println("hermes dashboard: cannot listen on " + host + ":" + port + ": " + e.getMessage());
            return ExitCodes.USAGE;
        }
        // the URL carries the token: it goes to the person at the terminal, never to a log
        spec.commandLine().getOut().println(dashboard.url());
        spec.commandLine().getOut().flush();
        err.println("hermes dashboard: serving board " + r.name() + "; open the URL above (Ctrl-C stops)");
        err.flush();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            dashboard.close();
            store.close();
            stopped.countDown();
        }, "hermes-dashboard-stop"));
        stopped.await();
        return ExitCodes.OK;
    }
}

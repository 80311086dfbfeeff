package dev.hermes.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.hermes.board.BoardException;
import dev.hermes.board.BoardLocation;
import dev.hermes.board.BoardOptions;
import dev.hermes.board.BoardStore;
import dev.hermes.board.Task;
import dev.hermes.board.TaskId;
import dev.hermes.board.dispatch.DispatchSettings;
import dev.hermes.config.Configuration;
import dev.hermes.config.HermesHome;
import dev.hermes.config.Setting;
import dev.hermes.exit.ExitCodes;
import dev.hermes.util.Json;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * {@code hermes kanban ...}: the board from the command line. Where the board is: env
 * {@code HERMES_BOARD_URL}, else {@code board.url} in config.yaml (a {@code postgresql://} URL
 * selects PostgreSQL), else SQLite at {@code <root>/boards/<name>.db} with name from
 * {@code --board}, {@code board.name}, or "default". Board errors exit with {@link ExitCodes#BOARD}.
 */
@Command(name = "kanban", description = "Work with the kanban board: tasks, links, runs, workers.",
        subcommands = {
                KanbanBoardCommands.Init.class, KanbanTaskCommands.Create.class, KanbanTaskCommands.ListCmd.class,
                KanbanTaskCommands.Show.class, KanbanTaskCommands.Assign.class, KanbanTaskCommands.Link.class,
                KanbanTaskCommands.Unlink.class, KanbanTaskCommands.CommentCmd.class,
                KanbanTaskCommands.Complete.class, KanbanTaskCommands.Block.class, KanbanTaskCommands.Unblock.class,
                KanbanManageCommands.RequestReview.class, KanbanManageCommands.RequestChanges.class,
                KanbanManageCommands.ReopenReview.class, KanbanManageCommands.Edit.class,
                KanbanManageCommands.Reassign.class, KanbanManageCommands.Reclaim.class,
                KanbanManageCommands.Promote.class, KanbanManageCommands.Heartbeat.class, KanbanManageCommands.Gc.class,
                KanbanBoardCommands.Runs.class, KanbanBoardCommands.Log.class,
                KanbanBoardCommands.Watch.class, KanbanBoardCommands.Stats.class, KanbanBoardCommands.Dispatch.class,
        })
final class KanbanCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--board", paramLabel = "NAME", scope = ScopeType.INHERIT,
            description = "SQLite board <root>/boards/NAME.db (default: board.name, else 'default').")
    String board;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** The board settings of one invocation, resolved from flags, environment and config.yaml. */
    record Resolved(Configuration config, String location, Path boardDir, String name) {

        String setting(String key) {
            return config.config().setting(key);
        }

        Duration seconds(String key, Duration fallback) {
            return config.config().seconds(key, fallback);
        }

        int integer(String key, int fallback) {
            return config.config().integer(key, fallback);
        }

        BoardOptions options() {
            return new BoardOptions(seconds("kanban.busy_timeout_seconds", BoardOptions.DEFAULTS.busyTimeout()),
                    seconds("kanban.rate_limit_cooldown_seconds", BoardOptions.DEFAULTS.rateLimitCooldown()));
        }

        DispatchSettings dispatch() {
            int max = integer("kanban.max_workers", DispatchSettings.defaultMaxWorkers());
            return new DispatchSettings(location, boardDir, max, integer("kanban.max_workers_per_profile", max),
                    seconds("kanban.lease_seconds", DispatchSettings.DEFAULT_LEASE),
                    seconds("kanban.kill_grace_seconds", DispatchSettings.DEFAULT_KILL_GRACE),
                    seconds("kanban.tick_seconds", DispatchSettings.DEFAULT_TICK));
        }
    }

    /** Resolves the board for the command {@code spec} belongs to. */
    static Resolved resolve(CommandLine.Model.CommandSpec spec) {
        return resolve(HermesCommand.of(spec), kanban(spec).board);
    }

    /** Resolves the board named by {@code board} (a --board value, or null for the configured one). */
    static Resolved resolve(HermesCommand root, String board) {
        Configuration c = root.configuration();
        HermesHome home = c.home();
        Resolved probe = new Resolved(c, "", home.boardsDir(), "");
        String name = board != null ? board : Optional.ofNullable(probe.setting("board.name")).orElse("default");
        HermesHome.validateName(name);
        String url = Optional.ofNullable(root.environment().get("HERMES_BOARD_URL")).orElse(probe.setting("board.url"));
        Path dir = home.boardsDir().resolve(name);
        String location = url != null ? url : home.boardsDir().resolve(name + ".db").toString();
        return new Resolved(c, location, dir, name);
    }

    private static KanbanCommand kanban(CommandLine.Model.CommandSpec spec) {
        for (CommandLine.Model.CommandSpec s = spec; s != null; s = s.parent()) {
            if (s.userObject() instanceof KanbanCommand k) return k;
        }
        throw new IllegalStateException("not under hermes kanban");
    }

    /** Opens an existing board; {@code create} also creates the SQLite folder (for init). */
    static BoardStore open(Resolved r, boolean create) {
        if (create && !BoardLocation.isPostgres(r.location())) {
            Path file = Path.of(r.location());
            try {
                Files.createDirectories(file.getParent());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create " + file.getParent(), e);
            }
        }
        if (!create) requireBoard(r);
        return BoardLocation.open(r.location(), r.options());
    }

    /** A SQLite board that was never created is a mistake to report, not a failure to retry. */
    static void requireBoard(Resolved r) {
        if (BoardLocation.isPostgres(r.location())) return;
        Path file = Path.of(r.location());
        if (!Files.exists(file)) {
            throw new BoardException.Storage("no board at " + file + " (create it with `hermes kanban init`"
                    + (r.name().equals("default") ? "" : " --board " + r.name()) + ")", null);
        }
    }

    static BoardStore open(CommandLine.Model.CommandSpec spec) {
        return open(resolve(spec), false);
    }

    /** A task id from the command line; a malformed one is a usage error naming it. */
    static TaskId taskId(CommandLine.Model.CommandSpec spec, String value) {
        try {
            return TaskId.of(value);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    static void printJson(PrintWriter out, Object value) {
        try {
            out.println(Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(value));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A task as JSON fields, for {@code --json} output. */
    static Map<String, Object> json(Task t) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", t.id().value());
        m.put("title", t.title());
        m.put("body", t.body());
        m.put("status", t.status().sql());
        m.put("assignee", t.assignee());
        m.put("priority", t.priority());
        m.put("skills", t.skills());
        m.put("model", t.model());
        m.put("provider", t.provider());
        m.put("max_runtime_seconds", t.maxRuntime() == null ? null : t.maxRuntime().toSeconds());
        m.put("max_retries", t.maxRetries());
        m.put("workspace", t.workspace());
        m.put("created_at", String.valueOf(t.createdAt()));
        m.put("updated_at", String.valueOf(t.updatedAt()));
        m.put("claimant", t.claimant());
        m.put("lease_until", t.leaseUntil() == null ? null : t.leaseUntil().toString());
        m.put("attempt", t.attempt());
        m.put("consecutive_failures", t.consecutiveFailures());
        m.put("cooldown_until", t.cooldownUntil() == null ? null : t.cooldownUntil().toString());
        KanbanManageCommands.addJson(m, t);
        return m;
    }

    /** The name people see for themselves in events: $USER, else "cli". */
    static String who(CommandLine.Model.CommandSpec spec) {
        return Optional.ofNullable(HermesCommand.of(spec).environment().get("USER")).orElse("cli");
    }
}

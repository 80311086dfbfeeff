package dev.hermes.cli;

import dev.hermes.agent.AgentOptions;
import dev.hermes.agent.AgentRuntime;
import dev.hermes.agent.Extensions;
import dev.hermes.agent.Outcome;
import dev.hermes.app.App;
import dev.hermes.board.BoardLocation;
import dev.hermes.board.BoardOptions;
import dev.hermes.board.BoardStore;
import dev.hermes.board.worker.WorkerContext;
import dev.hermes.board.worker.WorkerSupport;
import dev.hermes.config.Configuration;
import dev.hermes.exit.ExitCodes;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * {@code hermes chat}: the agent. With {@code -q}, one task answered once (streamed to a
 * terminal, held back until complete for a pipe), status on stderr, exit 0 only for a complete
 * answer; without, the interactive chat. Every model call goes through the resilience core.
 *
 * <p>Started by the kanban dispatcher (its claim in the environment), the same command is a
 * worker: it adds the task tools and instructions, turns provider and tool activity into lease
 * heartbeats, and records on the run why it ended if the agent did not finish the task.
 */
@Command(name = "chat", description = "Run the agent: interactive, or with -q answer once and exit.")
public final class ChatCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = {"-q", "--query"}, paramLabel = "PROMPT",
            description = "Answer this once and exit (no interactive chat).")
    String query;

    @CommandLine.Mixin
    RouteOptions route = new RouteOptions();

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text",
            description = "One-shot output: text (default) or stream-json (one JSON event per line).")
    String format;

    @Option(names = "--max-turns", paramLabel = "N", description = "Model calls per task before giving up (agent.max_turns).")
    Integer maxTurns;

    @Option(names = "--workspace", paramLabel = "DIR", description = "Directory the tools are confined to (default: the current one).")
    Path workspace;

    @Option(names = "--query-file", paramLabel = "FILE", description = "Answer the contents of FILE once and exit (- reads stdin).")
    Path queryFile;

    @Option(names = {"-Q", "--quiet"}, description = "One-shot: print only the final answer (no tool or status lines).")
    boolean quiet;

    /** Also accepted before {@code chat}; see {@link ChatFlags}. */
    @CommandLine.Mixin
    ChatFlags flags = new ChatFlags();

    @Override
    public Integer call() {
        HermesCommand root = HermesCommand.of(spec);
        Configuration configuration = root.configuration();
        // the printers sanitise each piece themselves and move the cursor on purpose
        PrintWriter out = ScreenWriter.unwrap(spec.commandLine().getOut());
        PrintWriter err = ScreenWriter.unwrap(spec.commandLine().getErr());
        // Typos in config.yaml are shown where the user looks: at the start of every chat.
        configuration.config().unknownKeys().forEach(w -> err.println("hermes: " + w));
        ChatFlags f = flags.or(root.chatFlags);
        AgentOptions options;
        try {
            String prompt = QueryInput.prompt(query, queryFile);
            String resume = f.continueName == null ? f.resume
                    : QueryInput.continued(configuration.home().sessionsDir(), f.continueName, f.resume);
            options = new AgentOptions(prompt, AgentOptions.Format.parse(format), maxTurns, workspace, f.toolsets,
                    f.skills, resume, f.yolo, stdoutIsTerminal() && !quiet, quiet);
        } catch (IllegalArgumentException e) {
            err.println("hermes: " + e.getMessage());
            return ExitCodes.USAGE;
        }
        WorkerContext worker = WorkerContext.fromEnvironment(root.environment().variables());
        return worker == null ? run(configuration, options, Extensions.NONE, () -> { }, out, err).exit()
                : runAsWorker(configuration, options, worker, out, err);
    }

    /** How a run ended: the exit code, and for a worker's run record what happened in words. */
    private record Ran(int exit, String detail) {
    }

    private Ran run(Configuration configuration, AgentOptions options, Extensions extensions, Runnable onAlive,
                    PrintWriter out, PrintWriter err) {
        try (App app = App.open(configuration)) {
            // the id first: everything the session logs and records names it
            String sessionId = options.resume() != null ? options.resume() : App.newSessionId();
            ConfiguredModelRoute models = ConfiguredModelRoute.resolve(app, route.or(root().route).overrides(), onAlive);
            try (AgentRuntime runtime = AgentRuntime.forCli(configuration, options, sessionId, app.log(), models, out, err,
                    extensions)) {
                int exit = options.interactive() ? runtime.runInteractive() : runtime.runOneShot();
                return new Ran(exit, describe(runtime.lastOutcome()));
            } catch (AgentRuntime.SetupException e) {
                err.println("hermes: " + e.getMessage());
                return new Ran(e.exitCode(), e.getMessage());
            }
        }
    }

    /** As {@link #run}, holding the task's claim: heartbeats while alive, and an honest account at the end. */
    private int runAsWorker(Configuration configuration, AgentOptions options, WorkerContext worker, PrintWriter out,
                            PrintWriter err) {
        if (options.interactive()) {
            err.println("hermes: a kanban worker runs one task: give it with -q");
            return ExitCodes.USAGE;
        }
        WorkerSupport.haltOnTerm();
        try (BoardStore store = BoardLocation.open(worker.board(), BoardOptions.DEFAULTS);
             WorkerSupport support = WorkerSupport.start(worker, store, WorkerSupport.haltOnLoss(System.err))) {
            Extensions extensions = new Extensions(support.tools(), support.systemPrompt(), support.activityHook());
            AgentOptions inWorkspace = options.workspace() != null ? options : new AgentOptions(options.query(),
                    options.format(), options.maxTurns(), worker.workspace(), options.toolsets(), options.skills(),
                    options.resume(), options.yolo(), options.stdoutTerminal(), options.quiet());
            Ran ran = run(configuration, inWorkspace, extensions, support::onActivity, out, err);
            return support.finish(ran.exit(), ran.detail());
        }
    }

    private static String describe(Outcome outcome) {
        return switch (outcome) {
            case null -> "";
            case Outcome.Answered a -> a.text();
            case Outcome.GaveUp g -> g.message();
            case Outcome.MaxTurns m -> "stopped after " + m.turns() + " model calls (max turns)";
            case Outcome.Interrupted i -> "interrupted during " + i.during();
        };
    }

    private HermesCommand root() {
        return HermesCommand.of(spec);
    }

    /** Set by bin/hermes, which can ask the shell; absent when run in-process (tests), meaning "not a terminal". */
    static boolean stdoutIsTerminal() {
        return Boolean.getBoolean("hermes.stdout.tty");
    }
}

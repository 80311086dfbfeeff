package dev.hermes.agent;

import dev.hermes.exit.ExitCodes;
import dev.hermes.config.Configuration;
import dev.hermes.config.HermesHome;
import dev.hermes.failover.Reason;
import dev.hermes.config.CompressionConfig;
import dev.hermes.config.McpServerConfig;
import dev.hermes.log.EventLog;
import dev.hermes.log.ScreenText;
import dev.hermes.mcp.McpServers;
import dev.hermes.tools.ApprovalPolicy;
import dev.hermes.tools.ProtectedPaths;
import dev.hermes.tools.TerminalTool;
import dev.hermes.tools.ToolContext;
import dev.hermes.tools.Tool;
import dev.hermes.tools.ToolRegistry;
import dev.hermes.tools.ToolRunner;
import dev.hermes.tools.Toolsets;
import dev.hermes.tools.Workspace;
import dev.hermes.util.MonotonicClock;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntConsumer;
import java.util.function.LongSupplier;

/**
 * The agent as {@code hermes chat} runs it: workspace, tools, skills, session file, logs and the
 * loop, built from the configuration and the command line. The CLI's entry point is {@link #run}.
 *
 * <p>Exit codes ({@link ExitCodes}): 0 answered (or the chat ended normally); 1 no answer (every
 * provider failed, a loop guard stopped the run, or max turns was reached); 75 every provider
 * attempt was rate limited; 2 bad arguments (unknown skill, toolset, session or workspace);
 * 3 the session directory cannot be written; 130 interrupted by Ctrl-C.
 *
 * <p>Not thread-safe; {@link #close} releases the session file and the MCP servers (the event
 * log is the front end's).
 */
public final class AgentRuntime implements AutoCloseable {

    /** A problem with what was asked for; {@link #exitCode} says which. */
    public static final class SetupException extends RuntimeException {
        private final int exitCode;

        public SetupException(String message, int exitCode) {
            super(message);
            this.exitCode = exitCode;
        }

        public int exitCode() {
            return exitCode;
        }
    }

    /** The {@code platform_toolsets} entry that applies to the CLI when no {@code --toolsets} is given. */
    static final String CLI_PLATFORM = "cli";

    private static final String BASE_PROMPT = "You are Hermes, an agent working in the directory %s (the workspace)."
            + " Use the tools to read, search, change and run things there; paths are relative to the workspace."
            + " When the task is done, give your final answer without calling a tool.";

    private final AgentOptions options;
    private final ModelRoute route;
    private final PrintWriter out;
    private final PrintWriter err;
    private final EventLog log;
    private final SessionWriter session;
    private final ConversationLoop loop;
    private final SkillCatalog catalog;
    private final List<Skill> skills;
    private final McpServers mcp;
    private volatile ApprovalPolicy.Approver approver;
    private volatile Outcome lastOutcome;

    private AgentRuntime(AgentOptions options, ModelRoute route, PrintWriter out, PrintWriter err, EventLog log,
                         SessionWriter session, ConversationLoop loop, SkillCatalog catalog, List<Skill> skills,
                         McpServers mcp) {
        this.options = options;
        this.route = route;
        this.out = out;
        this.err = err;
        this.log = log;
        this.session = session;
        this.loop = loop;
        this.catalog = catalog;
        this.skills = skills;
        this.mcp = mcp;
    }

    /** Builds, runs (one-shot or interactive, as the options say), closes, and returns the exit code. */
    public static int run(Configuration config, AgentOptions options, String sessionId, EventLog log, ModelRoute route,
                          PrintWriter out, PrintWriter err) {
        try (AgentRuntime runtime = forCli(config, options, sessionId, log, route, out, err, Extensions.NONE)) {
            return options.interactive() ? runtime.runInteractive() : runtime.runOneShot();
        } catch (SetupException e) {
            err.println("hermes: " + e.getMessage());
            err.flush();
            return e.exitCode();
        }
    }

    /**
     * Builds the runtime: resolves the workspace, toolsets and skills, and opens the session (a
     * new one, or {@code --resume ID} with its history).
     *
     * @param sessionId the session's id, minted by the front end before anything ran under it
     *                  ({@code dev.hermes.app.App#newSessionId}), or the id {@code options} resume
     * @param log       the process's event log, owned by the front end (the runtime does not close it)
     * @throws SetupException naming the bad argument, or the session directory that cannot be written
     */
    public static AgentRuntime forCli(Configuration config, AgentOptions options, String sessionId, EventLog log,
                                      ModelRoute route, PrintWriter out, PrintWriter err) {
        return forCli(config, options, sessionId, log, route, out, err, Extensions.NONE);
    }

    /**
     * As {@link #forCli(Configuration, AgentOptions, String, EventLog, ModelRoute, PrintWriter, PrintWriter)},
     * with extra tools and prompt.
     */
    public static AgentRuntime forCli(Configuration config, AgentOptions options, String sessionId, EventLog log,
                                      ModelRoute route, PrintWriter out, PrintWriter err, Extensions extensions) {
        HermesHome home = config.home();
        Workspace workspace = workspace(options.workspace());
        ToolRegistry tools;
        List<Skill> skills;
        SkillCatalog catalog;
        List<String> toolsets = options.toolsets().isEmpty() ? platformToolsets(config) : options.toolsets();
        McpServers mcp = McpServers.NONE;
        try {
            List<McpServerConfig> servers = config.config().mcpServers();
            Map<String, List<Tool>> none = new LinkedHashMap<>();
            servers.forEach(c -> none.put(McpServers.toolset(c.name()), List.of()));
            Toolsets.select(toolsets, TerminalTool.Settings.defaults(), none); // names checked before anything starts
            mcp = startMcp(McpServers.selected(servers, toolsets), config, err);
            tools = Toolsets.select(toolsets, TerminalTool.Settings.defaults(), mcp.toolsets());
            if (!extensions.tools().isEmpty()) {
                List<Tool> all = new java.util.ArrayList<>(tools.tools());
                all.addAll(extensions.tools());
                tools = ToolRegistry.of(all);
            }
            catalog = SkillCatalog.load(home.skillsDir());
            skills = catalog.resolve(options.skills());
        } catch (IllegalArgumentException e) {
            mcp.close();
            throw new SetupException(e.getMessage(), ExitCodes.USAGE);
        } catch (IOException e) {
            mcp.close();
            throw new SetupException("cannot read skills in " + home.skillsDir() + ": " + e.getMessage(), ExitCodes.CONFIG);
        }
        SessionStore store = SessionStore.in(home.sessionsDir());
        List<dev.hermes.llm.Message> history = List.of();
        SessionWriter session;
        try {
            if (options.resume() != null) {
                SessionStore.Resumed resumed = store.resume(options.resume(), route.provider(), route.model(), workspace.root());
                resumed.loaded().warnings().forEach(w -> err.println("hermes: " + w));
                history = resumed.loaded().history();
                session = resumed.writer();
            } else {
                session = store.create(sessionId, route.provider(), route.model(), workspace.root());
            }
        } catch (SessionStore.NoSuchSessionException | SessionStore.SessionBusyException e) {
            mcp.close();
            throw new SetupException(e.getMessage(), ExitCodes.USAGE);
        } catch (IOException e) {
            mcp.close();
            throw new SetupException("cannot write sessions in " + store.dir() + ": " + e.getMessage(), ExitCodes.CONFIG);
        }
        var agent = config.config().agent();
        int maxTurns = options.maxTurns() != null ? options.maxTurns() : agent.maxTurns().value();
        Integer maxTokens = agent.maxTokens() == null ? null : agent.maxTokens().value();
        AgentSettings settings = AgentSettings.defaults(route.model(), maxTurns).withMaxTokens(maxTokens);
        String extra = join(agent.systemPrompt() == null ? null : agent.systemPrompt().value(), extensions.systemPrompt());
        String prompt = systemPrompt(workspace.root(), extra, skills);
        AgentRuntime[] self = new AgentRuntime[1];
        List<String> allow = agent.terminalAllow().stream().map(dev.hermes.util.Sourced::value).toList();
        ApprovalPolicy approval;
        ApprovalPolicy.Approver ask = new ApprovalPolicy.Approver() {
            @Override
            public boolean approve(String command, Path dir) throws InterruptedException {
                ApprovalPolicy.Approver current = self[0].approver;
                return current != null && current.approve(command, dir);
            }

            @Override
            public boolean approveSecret(String action, String why, Path dir) throws InterruptedException {
                ApprovalPolicy.Approver current = self[0].approver;
                return current != null && current.approveSecret(action, why, dir);
            }
        };
        try {
            approval = options.yolo() ? (options.interactive() ? ApprovalPolicy.yolo(ask) : ApprovalPolicy.yolo())
                    : options.interactive() ? ApprovalPolicy.interactive(allow, ask)
                    : ApprovalPolicy.nonInteractive(allow);
        } catch (IllegalArgumentException e) {
            mcp.close();
            session.close();
            String where = agent.terminalAllow().isEmpty() ? "agent.terminal_allow"
                    : agent.terminalAllow().get(0).origin().describe() + ": agent.terminal_allow";
            throw new SetupException(where + ": " + e.getMessage(), ExitCodes.CONFIG);
        }
        approval = guardSecrets(approval, config);
        ProactiveCompressor.Settings compression;
        try {
            compression = compression(config, route);
        } catch (IllegalArgumentException e) {
            mcp.close();
            session.close();
            throw new SetupException("auxiliary.compression: " + e.getMessage(), ExitCodes.CONFIG);
        }
        ConversationLoop loop = new ConversationLoop(new ConversationLoop.Setup(route.caller(session.id()), tools,
                new ToolRunner(tools, ToolRunner.DEFAULT_MAX_OUTPUT_BYTES,
                        config.config().seconds("agent.tool_timeout_seconds", ToolRunner.DEFAULT_DEADLINE), MonotonicClock.SYSTEM),
                ToolContext.of(workspace.guarded(approval.pathGuard()), approval).withOnActivity(extensions.onActivity()), prompt, settings, session, log,
                session.id(), compression), history);
        self[0] = new AgentRuntime(options, route, out, err, log, session, loop, catalog, skills, mcp);
        return self[0];
    }

    /**
     * The policy, guarding the user's secret locations ({@link ProtectedPaths}): the home
     * directories Java and {@code $HOME} name (they can differ), the hermes root, and the
     * {@code agent.secret_paths_allow} entries with {@code ~} expanded.
     */
    private static ApprovalPolicy guardSecrets(ApprovalPolicy approval, Configuration config) {
        List<Path> homes = new java.util.ArrayList<>();
        String envHome = config.environment().get("HOME");
        if (envHome != null) homes.add(Path.of(envHome)); // first: what ~ means to the user's shell
        homes.add(config.environment().userHome());
        String tilde = java.util.regex.Matcher.quoteReplacement(homes.getFirst().toString());
        List<Path> allowed = config.config().agent().secretPathsAllow().stream()
                .map(s -> Path.of(s.value().replaceFirst("^~(?=/|$)", tilde)))
                .toList();
        return approval.guarding(ProtectedPaths.of(homes, config.home().rootEnvFile().getParent()), allowed);
    }

    /** How the last one-shot run ended, or null before one ran. */
    public Outcome lastOutcome() {
        return lastOutcome;
    }

    public String sessionId() {
        return session.id();
    }

    public ConversationLoop loop() {
        return loop;
    }

    /** Runs the {@code -q} prompt with Ctrl-C routed to the loop; prints per {@code --format}. */
    public int runOneShot() {
        InterruptHandler handler = new InterruptHandler(loop, MonotonicClock.SYSTEM, exitProcess(),
                () -> err.println("hermes: interrupting; press Ctrl-C again within 2 s to quit"));
        try (AutoCloseable restore = handler.installOnSigint()) {
            return runOneShot(options.query());
        } catch (Exception e) {
            throw new IllegalStateException("restoring the Ctrl-C handler failed", e);
        }
    }

    /** Runs one prompt without touching signal handlers (tests, embedding). */
    public int runOneShot(String query) {
        AgentObserver printer = options.format() == AgentOptions.Format.STREAM_JSON
                ? new StreamJsonPrinter(out, session.id())
                : options.quiet() ? onlyTheEnd(new TextPrinter(out, err, false))
                : new TextPrinter(out, err, options.stdoutTerminal());
        lastOutcome = loop.run(query, new RedactingObserver(printer));
        return exitCode(lastOutcome);
    }

    /** {@code -Q}: the final answer (or why there is none), without tool and status lines on the way. */
    private static AgentObserver onlyTheEnd(AgentObserver printer) {
        return new AgentObserver() {
            @Override
            public void finished(Outcome outcome) {
                printer.finished(outcome);
            }
        };
    }

    /** The interactive chat on the process's terminal. */
    public int runInteractive() {
        // dumb(true): without a terminal (stdin a pipe) JLine falls back to a dumb one, and says
        // nothing about it only when the fallback is asked for
        try (Terminal terminal = TerminalBuilder.builder().system(true).dumb(true).build()) {
            InterruptHandler handler = new InterruptHandler(loop, MonotonicClock.SYSTEM, exitProcess(),
                    () -> terminal.writer().println("\n(interrupted; press Ctrl-C again within 2 s to quit)"));
            terminal.handle(Terminal.Signal.INT, s -> handler.onSignal());
            LineReader reader = LineReaderBuilder.builder().terminal(terminal).build();
            PrintWriter screen = terminal.writer();
            // a dumb terminal (input piped in, output to a file) gets no ANSI codes and each answer once, whole
            boolean real = !Terminal.TYPE_DUMB.equals(terminal.getType()) && !Terminal.TYPE_DUMB_COLOR.equals(terminal.getType());
            return runInteractive(reader, screen, screen, new TextPrinter.Screen(real, true, terminal::getWidth),
                    handler::pressedAtPrompt);
        } catch (IOException e) {
            throw new SetupException("cannot open the terminal: " + e.getMessage(), ExitCodes.USAGE);
        }
    }

    /** The interactive chat on a given reader; terminal approval questions go through it too. */
    public int runInteractive(LineReader reader, PrintWriter screen, PrintWriter status) {
        return runInteractive(reader, screen, status, new TextPrinter.Screen(true, true, () -> 80), () -> false);
    }

    /**
     * As above, on a screen of a given layout; {@code secondCtrlC} says whether a Ctrl-C at the
     * prompt is the second in a row (quit).
     */
    public int runInteractive(LineReader reader, PrintWriter screen, PrintWriter status, TextPrinter.Screen layout,
                              java.util.function.BooleanSupplier secondCtrlC) {
        approver = new ApprovalPolicy.Approver() {
            @Override
            public boolean approve(String command, Path dir) {
                return ask("hermes: the model wants to run `" + ScreenText.line(command) + "` in " + ScreenText.line(dir.toString()));
            }

            @Override
            public boolean approveSecret(String action, String why, Path dir) {
                return ask("hermes: the model wants to " + ScreenText.line(action.startsWith("use ") ? action
                        : "run `" + action + "`") + " in " + ScreenText.line(dir.toString()) + "\nhermes: needs your approval: "
                        + ScreenText.line(why));
            }

            /** The question is printed, not used as the prompt: JLine interprets % patterns and escapes in a prompt. */
            private boolean ask(String question) {
                status.println(question);
                status.flush();
                String answer = reader.readLine("run it? [y/N] ");
                return answer != null && answer.strip().toLowerCase(java.util.Locale.ROOT).startsWith("y");
            }
        };
        return new InteractiveChat(reader, screen, status, loop, route, catalog, skills, session.id(), secondCtrlC, layout).run();
    }

    /** The exit code for how a run ended. */
    public static int exitCode(Outcome outcome) {
        return switch (outcome) {
            case Outcome.Answered a -> ExitCodes.OK;
            case Outcome.GaveUp g -> g.rateLimited() ? ExitCodes.RATE_LIMITED
                    : noKeyAnywhere(g) ? ExitCodes.CONFIG : ExitCodes.PROVIDER_FAILURE;
            case Outcome.MaxTurns m -> ExitCodes.PROVIDER_FAILURE;
            case Outcome.Interrupted i -> ExitCodes.INTERRUPTED;
        };
    }

    /**
     * Every attempt failed for want of a usable key (none configured, or the provider rejected it
     * with 401/403): a configuration problem, exit 3 as README and docs/agent.md say, and the
     * message names the variable.
     */
    private static boolean noKeyAnywhere(Outcome.GaveUp g) {
        return !g.attempts().isEmpty() && g.attempts().stream().allMatch(a -> a.reason() == Reason.NO_CREDENTIAL
                || a.reason() == Reason.REBUILD_FAILED || a.reason() == Reason.AUTH || a.reason() == Reason.PERMISSION);
    }

    private static String join(String a, String b) {
        if (a == null || a.isBlank()) return b;
        if (b == null || b.isBlank()) return a;
        return a.strip() + "\n\n" + b.strip();
    }

    static String systemPrompt(Path workspace, String extra, List<Skill> skills) {
        StringBuilder sb = new StringBuilder(String.format(BASE_PROMPT, workspace));
        if (extra != null && !extra.isBlank()) sb.append("\n\n").append(extra.strip());
        if (!skills.isEmpty()) sb.append("\n\n# Skills\n\n").append(SkillCatalog.promptSection(skills));
        return sb.toString();
    }

    private IntConsumer exitProcess() {
        return code -> {
            out.flush();
            err.flush();
            mcp.close();
            session.close();
            log.close();
            System.exit(code);
        };
    }

    /**
     * {@code platform_toolsets.cli}, keeping the names that are toolsets here: the original's own
     * (such as {@code hermes-cli}, its example's default) mean its full tool set, so a list with
     * none of ours means every toolset rather than an error for a config brought over as it is.
     */
    private static List<String> platformToolsets(Configuration config) {
        List<String> known = new java.util.ArrayList<>(Toolsets.names().keySet());
        known.add(Toolsets.ALL);
        config.config().mcpServers().forEach(c -> known.add(McpServers.toolset(c.name())));
        return config.config().platformToolsets().getOrDefault(CLI_PLATFORM, List.of()).stream()
                .filter(known::contains).toList();
    }

    /** The {@code compression} policy for the primary model's window, summaries going to the auxiliary route. */
    private static ProactiveCompressor.Settings compression(Configuration config, ModelRoute route) {
        CompressionConfig c = config.config().compression();
        if (!c.enabled()) return ProactiveCompressor.Settings.OFF;
        Integer override = c.contextLength() == null ? null : c.contextLength().value();
        // the window is looked up when a request first gets large enough to need it; the provider
        // is asked only about models the table does not know: no round trip for short sessions
        LongSupplier window = () -> ContextWindow.resolve(route.model(), override,
                override == null && !ContextWindow.known(route.model()) ? route.listedContextWindow() : null);
        ModelRoute summaries = route.auxiliary("compression");
        return ProactiveCompressor.Settings.of(true, window, c.threshold(), c.thresholdTokens(), c.targetRatio(),
                c.protectFirstN(), c.protectLastN(), c.maxAttempts(), summaries.caller(), summaries.model());
    }

    /** Starts the selected MCP servers; one that does not start is reported and the session goes on without it. */
    private static McpServers startMcp(List<McpServerConfig> servers, Configuration config, PrintWriter err) {
        try {
            McpServers mcp = McpServers.start(servers, config.environment().variables(), MonotonicClock.SYSTEM);
            for (McpServers.Started s : mcp.started()) {
                if (!s.ok()) err.println("hermes: " + s.error() + "; going on without its tools");
            }
            err.flush();
            return mcp;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SetupException("interrupted while starting MCP servers", ExitCodes.INTERRUPTED);
        }
    }

    private static Workspace workspace(Path given) {
        Path dir = given != null ? given : Path.of("").toAbsolutePath();
        try {
            return Workspace.at(dir);
        } catch (IOException e) {
            throw new SetupException("--workspace: " + e.getMessage(), ExitCodes.USAGE);
        }
    }

    @Override
    public void close() {
        mcp.close();
        session.close();
    }
}

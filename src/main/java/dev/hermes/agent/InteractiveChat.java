package dev.hermes.agent;

import dev.hermes.exit.ExitCodes;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.UserInterruptException;

import java.io.PrintWriter;
import java.util.List;
import java.util.Optional;

/**
 * The interactive chat: reads lines with JLine, runs each through the loop with streamed output
 * and status lines, and handles slash commands ({@link SlashCommand}). Ctrl-C while the agent
 * works is the {@link InterruptHandler}'s (installed by the caller on the terminal); Ctrl-C at the
 * prompt clears the line, and a second one within two seconds of the first (at the prompt or
 * during a turn) leaves, as the hint says; so do Ctrl-D and /exit. Runs on one thread.
 */
public final class InteractiveChat {

    private final LineReader reader;
    private final PrintWriter out;
    private final PrintWriter err;
    private final ConversationLoop loop;
    private final SkillCatalog catalog;
    private final List<Skill> loaded;
    private final String sessionId;
    private final java.util.function.BooleanSupplier secondCtrlC;
    private ModelRoute route;
    private boolean exit;

    /**
     * @param secondCtrlC told of each Ctrl-C at the prompt; true when it is the second press
     *                    in a row, to quit ({@link InterruptHandler#pressedAtPrompt})
     */
    public InteractiveChat(LineReader reader, PrintWriter out, PrintWriter err, ConversationLoop loop, ModelRoute route,
                           SkillCatalog catalog, List<Skill> loaded, String sessionId,
                           java.util.function.BooleanSupplier secondCtrlC) {
        this.secondCtrlC = secondCtrlC;
        this.reader = reader;
        this.out = out;
        this.err = err;
        this.loop = loop;
        this.route = route;
        this.catalog = catalog;
        this.loaded = List.copyOf(loaded);
        this.sessionId = sessionId;
    }

    /** Runs until /exit, end of input or a double Ctrl-C; returns {@link ExitCodes#OK}, or 130 for Ctrl-C. */
    public int run() {
        out.println("hermes chat - session " + sessionId + ", " + route.provider() + "/" + route.model()
                + ". /help for commands, Ctrl-D to leave.");
        String where = whereItStands(loop.history());
        if (!where.isEmpty()) out.println(where);
        out.flush();
        int code = ExitCodes.OK;
        while (!exit) {
            String line;
            try {
                line = reader.readLine("you> ");
            } catch (UserInterruptException e) {
                if (secondCtrlC.getAsBoolean()) {
                    code = InterruptHandler.EXIT_CODE;
                    break;
                }
                out.println("(line dropped; press Ctrl-C again within 2 s to quit, or Ctrl-D)");
                out.flush();
                continue;
            } catch (EndOfFileException e) {
                break;
            }
            if (line == null || line.isBlank()) continue;
            Optional<SlashCommand> command = SlashCommand.parse(line);
            if (command.isPresent()) {
                out.println(dispatch(command.get()));
            } else {
                loop.run(line.strip(), new TextPrinter(out, err, true));
            }
            out.flush();
        }
        out.println("session " + sessionId + " saved; resume with: hermes chat --resume " + sessionId);
        out.flush();
        return code;
    }

    /**
     * For a resumed session, where it stands: how many exchanges, the last question and the
     * start of the last answer. Empty for a new session.
     */
    static String whereItStands(List<dev.hermes.llm.Message> history) {
        List<dev.hermes.llm.Message> asked = history.stream().filter(m -> m.role() == dev.hermes.llm.Role.USER && !m.text().isBlank()).toList();
        if (asked.isEmpty()) return "";
        String lastAnswer = "";
        for (dev.hermes.llm.Message m : history) {
            if (m.role() == dev.hermes.llm.Role.ASSISTANT && !m.text().isBlank()) lastAnswer = m.text();
        }
        return "resumed: " + asked.size() + (asked.size() == 1 ? " question" : " questions") + " so far; last you asked: "
                + LoopGuard.abbreviate(asked.getLast().text().strip(), 160)
                + (lastAnswer.isEmpty() ? "\n(no answer yet)" : "\nlast answer: " + LoopGuard.abbreviate(lastAnswer.strip(), 240));
    }

    /** Carries out one slash command and returns what to tell the user. */
    String dispatch(SlashCommand command) {
        return switch (command) {
            case SlashCommand.Model m when m.name() == null -> "model: " + route.model() + " (provider " + route.provider() + ")";
            case SlashCommand.Model m -> switchRoute(() -> route.withModel(m.name()));
            case SlashCommand.Provider p when p.name() == null -> "provider: " + route.provider() + " (model " + route.model() + ")";
            case SlashCommand.Provider p -> switchRoute(() -> route.withProvider(p.name()));
            case SlashCommand.Reset r -> {
                loop.reset();
                yield "conversation cleared (the session file keeps what was said)";
            }
            case SlashCommand.Skills s -> skills();
            case SlashCommand.Help h -> SlashCommand.HELP;
            case SlashCommand.Exit e -> {
                exit = true;
                yield "bye";
            }
            case SlashCommand.Unknown u -> "unknown command /" + u.name() + "\n" + SlashCommand.HELP;
        };
    }

    ModelRoute route() {
        return route;
    }

    private String switchRoute(java.util.function.Supplier<ModelRoute> next) {
        ModelRoute switched;
        try {
            switched = next.get();
        } catch (IllegalArgumentException e) {
            return "not switched: " + e.getMessage();
        }
        route = switched;
        loop.setup(loop.setup().withRoute(switched.caller(loop.setup().sessionId()), switched.model()));
        return "now using " + switched.provider() + "/" + switched.model();
    }

    private String skills() {
        StringBuilder sb = new StringBuilder();
        if (catalog.skills().stream().allMatch(Skill::builtIn)) sb.append("no skills installed; built in:");
        for (Skill s : catalog.skills()) {
            if (!sb.isEmpty()) sb.append('\n');
            sb.append(loaded.contains(s) ? "* " : "  ").append(s.qualifiedName());
            if (s.builtIn()) sb.append("  (built-in)");
            if (!s.description().isEmpty()) sb.append("  ").append(s.description());
        }
        return sb.append("\n(* loaded; start with --skills NAME to load others)").toString();
    }
}

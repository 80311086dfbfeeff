package dev.hermes.agent;

import dev.hermes.cli.ExitCodes;
import dev.hermes.log.ScreenText;
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
 * prompt clears the line, Ctrl-D or /exit leaves. Runs on one thread.
 */
public final class InteractiveChat {

    private final LineReader reader;
    private final PrintWriter out;
    private final PrintWriter err;
    private final ConversationLoop loop;
    private final SkillCatalog catalog;
    private final List<Skill> loaded;
    private final String sessionId;
    private final TextPrinter.Screen screen;
    private ModelRoute route;
    private boolean exit;

    public InteractiveChat(LineReader reader, PrintWriter out, PrintWriter err, ConversationLoop loop, ModelRoute route,
                           SkillCatalog catalog, List<Skill> loaded, String sessionId, TextPrinter.Screen screen) {
        this.reader = reader;
        this.screen = screen;
        this.out = out;
        this.err = err;
        this.loop = loop;
        this.route = route;
        this.catalog = catalog;
        this.loaded = List.copyOf(loaded);
        this.sessionId = sessionId;
    }

    /** Runs until /exit or end of input; returns {@link ExitCodes#OK}. */
    public int run() {
        out.println("hermes chat - session " + sessionId + ", " + ScreenText.line(route.provider() + "/" + route.model())
                + ". /help for commands, Ctrl-D to leave.");
        out.flush();
        while (!exit) {
            String line;
            try {
                line = reader.readLine("you> ");
            } catch (UserInterruptException e) {
                continue; // Ctrl-C at the prompt: drop the line
            } catch (EndOfFileException e) {
                break;
            }
            if (line == null || line.isBlank()) continue;
            Optional<SlashCommand> command = SlashCommand.parse(line);
            if (command.isPresent()) {
                out.println(ScreenText.text(dispatch(command.get())));
            } else {
                loop.run(line.strip(), new RedactingObserver(new TextPrinter(out, err, screen)));
            }
            out.flush();
        }
        out.println("session " + sessionId + " saved; resume with: hermes chat --resume " + sessionId);
        out.flush();
        return ExitCodes.OK;
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
        loop.setup(loop.setup().withRoute(switched.caller(), switched.model()));
        return "now using " + switched.provider() + "/" + switched.model();
    }

    private String skills() {
        if (catalog.skills().isEmpty()) return "no skills installed";
        StringBuilder sb = new StringBuilder();
        for (Skill s : catalog.skills()) {
            if (!sb.isEmpty()) sb.append('\n');
            sb.append(loaded.contains(s) ? "* " : "  ").append(s.qualifiedName());
            if (!s.description().isEmpty()) sb.append("  ").append(s.description());
        }
        return sb.append("\n(* loaded; start with --skills NAME to load others)").toString();
    }
}

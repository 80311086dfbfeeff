package dev.hermes.agent;

import java.util.Locale;
import java.util.Optional;

/** A chat line starting with '/'. Closed set: the chat switches over it exhaustively. */
public sealed interface SlashCommand {

    String HELP = """
            /model [NAME]     show or switch the model (same provider)
            /provider [NAME]  show or switch the provider
            /reset            forget the conversation (the session file keeps it)
            /skills           list skills, marking the loaded ones
            /help             this list
            /exit             leave (also Ctrl-D)""";

    /** {@code name} null: show the current one. */
    record Model(String name) implements SlashCommand {
    }

    /** {@code name} null: show the current one. */
    record Provider(String name) implements SlashCommand {
    }

    record Reset() implements SlashCommand {
    }

    record Skills() implements SlashCommand {
    }

    record Help() implements SlashCommand {
    }

    record Exit() implements SlashCommand {
    }

    record Unknown(String name) implements SlashCommand {
    }

    /** The command a line holds, or empty when the line is a message for the model. */
    static Optional<SlashCommand> parse(String line) {
        String s = line.strip();
        if (!s.startsWith("/") || s.startsWith("//")) return Optional.empty();
        String[] parts = s.substring(1).split("\\s+", 2);
        String name = parts[0].toLowerCase(Locale.ROOT);
        String arg = parts.length > 1 && !parts[1].isBlank() ? parts[1].strip() : null;
        return Optional.of(switch (name) {
            case "model" -> new Model(arg);
            case "provider" -> new Provider(arg);
            case "reset", "clear", "new" -> new Reset();
            case "skills" -> new Skills();
            case "help", "?" -> new Help();
            case "exit", "quit", "q" -> new Exit();
            default -> new Unknown(name);
        });
    }
}

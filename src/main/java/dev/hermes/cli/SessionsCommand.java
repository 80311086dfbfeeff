package dev.hermes.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hermes.agent.SessionStore;
import dev.hermes.config.HermesHome;
import dev.hermes.exit.ExitCodes;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;

/** {@code hermes sessions list} and {@code hermes sessions show ID}. */
@Command(name = "sessions", description = "List and show recorded chat sessions.",
        subcommands = {SessionsCommand.ListCmd.class, SessionsCommand.Show.class})
final class SessionsCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    static SessionStore store(CommandLine.Model.CommandSpec spec) {
        HermesCommand root = HermesCommand.of(spec);
        return SessionStore.in(HermesHome.resolve(root.environment(), root.profile()).sessionsDir());
    }

    @Command(name = "list", description = "Sessions, newest first: id, start time, user turns, last provider, title.")
    static final class ListCmd implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            PrintWriter out = spec.commandLine().getOut();
            var sessions = store(spec).list();
            if (sessions.isEmpty()) out.println("no sessions yet");
            for (SessionStore.Info s : sessions) {
                out.printf("%s  %s  %-9s  %-12s  %s%n", s.id(), s.started() == null ? "?" : when(s.started()),
                        (s.turns() == 1 ? "1 turn" : s.turns() + " turns"), s.lastProvider().isEmpty() ? "-" : s.lastProvider(), s.title());
            }
            return ExitCodes.OK;
        }
    }

    @Command(name = "show", description = "Print a session's conversation and events.")
    static final class Show implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;
        @Parameters(paramLabel = "ID")
        String id;

        @Override
        public Integer call() throws IOException {
            PrintWriter out = spec.commandLine().getOut();
            SessionStore.Lines lines;
            try {
                lines = store(spec).read(id);
            } catch (SessionStore.NoSuchSessionException e) {
                spec.commandLine().getErr().println("hermes: " + e.getMessage());
                return ExitCodes.USAGE;
            } catch (IOException e) {
                spec.commandLine().getErr().println("hermes: cannot read session " + id + ": " + e.getMessage());
                return ExitCodes.CONFIG;
            }
            for (JsonNode n : lines.lines()) out.println(describe(n));
            for (String w : lines.warnings()) spec.commandLine().getErr().println("hermes: " + w);
            return ExitCodes.OK;
        }

        private static String describe(JsonNode n) {
            return switch (n.path("type").asText()) {
                case "meta" -> "-- " + (n.path("event").asText().equals("start") ? "started" : n.path("event").asText() + "d")
                        + " " + when(n.path("time").asText()) + " on " + n.path("provider").asText("") + "/" + n.path("model").asText("");
                case "message" -> n.path("role").asText() + (n.has("provider") ? " [" + n.path("provider").asText() + "/"
                        + n.path("model").asText() + "]" : "") + ": " + content(n.path("content"));
                case "tool_call" -> "  -> " + n.path("name").asText() + " " + n.path("arguments").asText();
                case "tool_result" -> "  " + (n.path("is_error").asBoolean() ? "x " : "ok ") + n.path("name").asText()
                        + ": " + n.path("content").asText().lines().findFirst().orElse("");
                case "attempt" -> "  attempt on " + n.path("route").asText() + (n.path("reason").asText().equals("answered")
                        ? " answered" : " failed: " + attemptDetail(n));
                case "error" -> "  error: " + n.path("message").asText();
                case "compression" -> "-- compressed " + n.path("replaced").asText() + " messages into a summary (~"
                        + n.path("tokens_before").asText() + " -> ~" + n.path("tokens_after").asText() + " tokens):\n"
                        + n.path("summary").asText().indent(4).stripTrailing();
                case "compaction" -> "-- shortened " + n.path("shortened").asText() + " old tool results";
                case "outcome" -> "-- " + n.path("kind").asText().replace('_', ' ');
                default -> "  " + n.path("type").asText() + " " + n;
            };
        }

        /** "transport refused: ..." already names its reason: "transport transport refused" would say it twice. */
        private static String attemptDetail(JsonNode n) {
            String reason = n.path("reason").asText(), detail = n.path("detail").asText();
            return detail.startsWith(reason) ? detail : reason + ": " + detail;
        }

        private static String content(JsonNode blocks) {
            StringBuilder sb = new StringBuilder();
            for (JsonNode b : blocks) {
                switch (b.path("type").asText()) {
                    case "text" -> sb.append(b.path("text").asText());
                    case "tool_use" -> sb.append(" [calls ").append(b.path("name").asText()).append(']');
                    default -> {
                        // reasoning is not shown
                    }
                }
            }
            return sb.toString();
        }
    }

    /** A stored timestamp as a person reads it: local time to the second, no nanoseconds. */
    static String when(java.time.Instant t) {
        return WHEN.format(t.atZone(java.time.ZoneId.systemDefault()));
    }

    static String when(String iso) {
        try {
            return when(java.time.Instant.parse(iso));
        } catch (java.time.format.DateTimeParseException e) {
            return iso;
        }
    }

    private static final java.time.format.DateTimeFormatter WHEN = java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
}

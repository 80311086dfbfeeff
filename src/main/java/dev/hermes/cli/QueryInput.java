package dev.hermes.cli;

import dev.hermes.agent.SessionStore;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * What {@code hermes chat} is asked, from its flags: the prompt ({@code -q} or
 * {@code --query-file}) and the session to continue ({@code -c [NAME]}). Bad flags are
 * {@link IllegalArgumentException}s naming the flag (exit 2).
 */
final class QueryInput {

    private QueryInput() {
    }

    /** {@code -q PROMPT} or the contents of {@code --query-file} ({@code -} is stdin); null for the interactive chat. */
    static String prompt(String query, Path queryFile) {
        if (queryFile == null) return query;
        if (query != null) throw new IllegalArgumentException("give either -q or --query-file, not both");
        try {
            String text = queryFile.toString().equals("-") ? new String(System.in.readAllBytes(), StandardCharsets.UTF_8)
                    : Files.readString(queryFile, StandardCharsets.UTF_8);
            if (text.isBlank()) throw new IllegalArgumentException("--query-file " + queryFile + " is empty");
            return text;
        } catch (IOException e) {
            throw new IllegalArgumentException("--query-file " + queryFile + ": cannot read it (" + e.getMessage() + ")");
        }
    }

    /**
     * The session {@code -c [NAME]} continues: the most recent one, or the most recent whose id or
     * first prompt starts with NAME.
     */
    static String continued(Path sessionsDir, String name, String resume) {
        if (resume != null) throw new IllegalArgumentException("give either -r/--resume or -c/--continue, not both");
        List<SessionStore.Info> sessions;
        try {
            sessions = SessionStore.in(sessionsDir).list();
        } catch (IOException e) {
            throw new IllegalArgumentException("-c: cannot list sessions in " + sessionsDir + " (" + e.getMessage() + ")");
        }
        return sessions.stream()
                .filter(s -> name.isEmpty() || s.id().startsWith(name) || s.title().startsWith(name))
                .findFirst().map(SessionStore.Info::id)
                .orElseThrow(() -> new IllegalArgumentException(name.isEmpty() ? "-c: no session to continue in " + sessionsDir
                        : "-c " + name + ": no session whose id or first prompt starts with '" + name + "' (see `hermes sessions list`)"));
    }
}

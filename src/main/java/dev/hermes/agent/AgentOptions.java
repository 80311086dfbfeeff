package dev.hermes.agent;

import java.nio.file.Path;
import java.util.List;

/**
 * What {@code hermes chat} was asked for. Nulls mean "not given".
 *
 * @param query          the one-shot prompt ({@code -q}); null for interactive chat
 * @param format         output format of one-shot runs
 * @param maxTurns       {@code --max-turns}, else {@code agent.max_turns}
 * @param workspace      {@code --workspace}, else the current directory
 * @param toolsets       {@code --toolsets}; empty for all
 * @param skills         {@code --skills a,b} / {@code -s a -s b}, already split on commas or not
 * @param resume         {@code --resume ID}
 * @param yolo           {@code --yolo}: every terminal command runs without asking
 * @param stdoutTerminal whether stdout is a terminal (streams text) or a pipe (final answer only)
 * @param quiet          {@code -Q}: one-shot runs print the final answer and nothing else (errors aside)
 */
public record AgentOptions(String query, Format format, Integer maxTurns, Path workspace, List<String> toolsets,
                           List<String> skills, String resume, boolean yolo, boolean stdoutTerminal, boolean quiet) {

    public AgentOptions(String query, Format format, Integer maxTurns, Path workspace, List<String> toolsets,
                        List<String> skills, String resume, boolean yolo, boolean stdoutTerminal) {
        this(query, format, maxTurns, workspace, toolsets, skills, resume, yolo, stdoutTerminal, false);
    }

    /** {@code --format}. */
    public enum Format {
        TEXT, STREAM_JSON;

        /** Parses "text" or "stream-json". */
        public static Format parse(String value) {
            return switch (value == null ? "text" : value.trim().toLowerCase(java.util.Locale.ROOT)) {
                case "text" -> TEXT;
                case "stream-json", "stream_json" -> STREAM_JSON;
                default -> throw new IllegalArgumentException("unknown --format '" + value + "'; use text or stream-json");
            };
        }
    }

    public AgentOptions {
        format = format == null ? Format.TEXT : format;
        toolsets = toolsets == null ? List.of() : splitAll(toolsets);
        skills = skills == null ? List.of() : splitAll(skills);
        if (maxTurns != null && maxTurns < 1) throw new IllegalArgumentException("--max-turns must be at least 1, got " + maxTurns);
    }

    public boolean interactive() {
        return query == null;
    }

    /** "a,b" and ["a", "b"] mean the same. */
    private static List<String> splitAll(List<String> values) {
        return values.stream().flatMap(v -> java.util.Arrays.stream(v.split(","))).map(String::strip)
                .filter(s -> !s.isEmpty()).toList();
    }
}

package dev.hermes.cli;

import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.List;

/**
 * The original's top-level flags that configure the chat, accepted before {@code chat} (and by
 * bare {@code hermes}) and after it: {@code hermes --yolo -s a chat -q ...} and
 * {@code hermes chat --yolo -s a -q ...} mean the same. Given on both sides, the one after
 * {@code chat} wins (lists are joined).
 */
final class ChatFlags {

    @Option(names = "--yolo", description = "Run every terminal command without asking.")
    boolean yolo;

    @Option(names = {"-s", "--skills"}, paramLabel = "SKILLS", description = "Skills to preload, e.g. -s a,b or -s a -s b.")
    List<String> skills = new ArrayList<>();

    @Option(names = {"-t", "--toolsets"}, paramLabel = "SETS", split = ",", description = "Tools to offer: file, terminal, all (default all).")
    List<String> toolsets = new ArrayList<>();

    @Option(names = {"-r", "--resume"}, paramLabel = "ID", description = "Continue a stored session with its history.")
    String resume;

    /** "" when given without a name: the most recent session. */
    @Option(names = {"-c", "--continue"}, paramLabel = "NAME", arity = "0..1", fallbackValue = "",
            description = "Continue the most recent session, or the latest whose id or first prompt starts with NAME.")
    String continueName;

    /** These flags where given, else {@code outer}'s. */
    ChatFlags or(ChatFlags outer) {
        ChatFlags merged = new ChatFlags();
        merged.yolo = yolo || outer.yolo;
        merged.skills = joined(outer.skills, skills);
        merged.toolsets = toolsets.isEmpty() ? outer.toolsets : toolsets;
        merged.resume = resume != null ? resume : outer.resume;
        merged.continueName = continueName != null ? continueName : outer.continueName;
        return merged;
    }

    /** Whether any flag was given (bare {@code hermes} with one of them starts the chat). */
    boolean any() {
        return yolo || !skills.isEmpty() || !toolsets.isEmpty() || resume != null || continueName != null;
    }

    private static List<String> joined(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }
}

package dev.hermes.config;

import dev.hermes.util.Sourced;

import java.util.List;

/**
 * The {@code agent} section. {@code maxTurns} and {@code retries} always have a value (default
 * when unset); the others are null when unset.
 *
 * @param maxTurns        tool-use turns per user message before the loop stops
 * @param retries         retries of one route before falling back
 * @param maxTokens       max output tokens per call, or null for the provider's default
 * @param reasoningEffort passed to models that take one ("low", "medium", "high"), or null
 * @param systemPrompt    extra system prompt text, or null
 * @param terminalAllow   terminal commands that run without asking: command prefixes, or
 *                        {@code re:REGEX} (see docs/tools.md); empty when unset
 * @param secretPathsAllow secret files and key locations tools may use without asking
 *                        ({@code ~} expands to the home directory; see docs/security.md); empty when unset
 */
public record AgentConfig(Sourced<Integer> maxTurns, Sourced<Integer> retries, Sourced<Integer> maxTokens,
                          Sourced<String> reasoningEffort, Sourced<String> systemPrompt,
                          List<Sourced<String>> terminalAllow, List<Sourced<String>> secretPathsAllow) {

    public AgentConfig {
        terminalAllow = List.copyOf(terminalAllow);
        secretPathsAllow = List.copyOf(secretPathsAllow);
    }

    public static final int DEFAULT_MAX_TURNS = 90;
}

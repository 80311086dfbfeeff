package dev.hermes.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hermes.config.Environment;
import dev.hermes.provider.WireApi;
import dev.hermes.sim.SimAttempt;
import dev.hermes.sim.SimServer;
import dev.hermes.util.Json;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The end-to-end fixture: a hermes home and a workspace in a temporary directory, the simulator
 * as the provider, and {@code hermes chat} run in-process through the real command line. Owns
 * nothing it does not create: the caller closes the simulator.
 */
final class AgentE2E {

    /** Retries of one route (agent.retries, default 2) are quick, and a stall is noticed in a fraction of a second. */
    static final String FAST = """
            failover: {backoff_base_seconds: 0.01, backoff_cap_seconds: 0.02}
            timeouts: {first_content_timeout_seconds: 0.5, content_idle_timeout_seconds: 0.2}
            """;

    final Path home;
    final Path workspace;
    final SimServer sim;

    AgentE2E(Path temp, SimServer sim) throws IOException {
        this.home = Files.createDirectories(temp.resolve("home"));
        this.workspace = Files.createDirectories(temp.resolve("ws"));
        this.sim = sim;
    }

    String baseUrl(WireApi wire) {
        return (wire == WireApi.CHAT_COMPLETIONS ? sim.chatCompletionsBaseUrl() : sim.anthropicBaseUrl()).toString();
    }

    /** A fallback_providers entry for a simulator model on one wire. */
    String fallback(String model, WireApi wire) {
        return "{provider: custom, model: \"" + model + "\", base_url: " + baseUrl(wire)
                + ", api_mode: " + wire.configName() + "}";
    }

    /** Writes config.yaml: the primary, the fallbacks in order, then {@link #FAST} and {@code extra}. */
    void config(String primary, WireApi wire, String extra, String... fallbacks) throws IOException {
        StringBuilder yaml = new StringBuilder("model: {provider: custom, default: \"" + primary + "\", base_url: "
                + baseUrl(wire) + ", api_mode: " + wire.configName() + "}\n");
        if (fallbacks.length > 0) {
            yaml.append("fallback_providers:\n");
            for (String f : fallbacks) yaml.append("  - ").append(f).append('\n');
        }
        yaml.append(FAST).append(extra);
        Files.writeString(home.resolve("config.yaml"), yaml);
    }

    /** {@code hermes chat -q PROMPT --workspace WS args...}, in-process. */
    CliRun chat(String prompt, String... args) {
        List<String> all = new ArrayList<>(List.of("chat", "-q", prompt, "--workspace", workspace.toString()));
        all.addAll(List.of(args));
        return CliRun.run(new Environment(Map.of("HERMES_HOME", home.toString()), workspace), all.toArray(String[]::new));
    }

    /** The simulator's calls for one model name, in order. */
    List<SimAttempt> calls(String model) {
        return sim.attempts().stream().filter(a -> model.equals(a.model())).toList();
    }

    static List<JsonNode> jsonLines(String text) {
        return text.lines().filter(l -> !l.isBlank()).map(AgentE2E::parse).toList();
    }

    /** The stream-json events of {@code type}. */
    static List<JsonNode> events(String out, String type) {
        return jsonLines(out).stream().filter(e -> e.path("type").asText().equals(type)).toList();
    }

    /** The only session's id (one session per test home). */
    String onlySession() throws IOException {
        try (Stream<Path> files = Files.list(home.resolve("sessions"))) {
            List<Path> all = files.filter(f -> f.toString().endsWith(".jsonl")).toList();
            if (all.size() != 1) throw new AssertionError("expected one session, found " + all);
            String name = all.getFirst().getFileName().toString();
            return name.substring(0, name.length() - ".jsonl".length());
        }
    }

    List<JsonNode> session(String id) throws IOException {
        return jsonLines(Files.readString(home.resolve("sessions/" + id + ".jsonl")));
    }

    static List<JsonNode> ofType(List<JsonNode> lines, String type) {
        return lines.stream().filter(l -> l.path("type").asText().equals(type)).toList();
    }

    private static JsonNode parse(String line) {
        try {
            return Json.MAPPER.readTree(line);
        } catch (IOException e) {
            throw new UncheckedIOException("not a JSON line: " + line, e);
        }
    }
}

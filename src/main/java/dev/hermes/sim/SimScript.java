package dev.hermes.sim;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.hermes.util.Json;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A scripted model: the answer to a request is turn number <i>k</i>, where <i>k</i> is the number
 * of assistant messages already in the request (a trailing prefill not counted). Stateless, so
 * retries and failovers get the same turn. Format (YAML or JSON; a file may hold one script or a
 * list):
 * <pre>
 * name: weather
 * turns:
 *   - tool_calls:
 *       - {name: get_weather, arguments: {city: Paris}}
 *       - {name: get_weather, raw_arguments: "{not json"}   # sent exactly as written
 *     fault: "stall:after=2"        # optional, any non-scripted fault
 *   - text: "It is sunny in Paris."
 * </pre>
 *
 * A script may also say {@code context_length: 20000}: the model list ({@code GET …/models})
 * then gives that window for {@code scripted:<name>}, as providers such as OpenRouter do.
 *
 * @param name          the script name, used as {@code scripted:<name>}
 * @param turns         the turns, at least one
 * @param contextLength the context window the model list gives, or null for none
 */
public record SimScript(String name, List<Turn> turns, Integer contextLength) {

    private static final ObjectMapper YAML = new YAMLMapper();

    public SimScript {
        if (name == null || name.isBlank() || name.contains(",")) {
            throw new IllegalArgumentException("script name must be non-empty and contain no comma, got '" + name + "'");
        }
        turns = List.copyOf(turns);
        if (turns.isEmpty()) throw new IllegalArgumentException("script '" + name + "' has no turns");
        if (contextLength != null && contextLength < 1) {
            throw new IllegalArgumentException("script '" + name + "': context_length must be positive");
        }
    }

    public SimScript(String name, List<Turn> turns) {
        this(name, turns, null);
    }

    /**
     * One scripted answer: text, tool calls, or both (text first).
     *
     * @param text      answer text, or null
     * @param toolCalls tool calls, possibly empty
     * @param fault     a fault played on this turn (e.g. {@code "stall:after=2"}), or null for healthy
     */
    public record Turn(String text, List<ToolCall> toolCalls, String fault) {
        public Turn {
            toolCalls = toolCalls == null ? List.of() : List.copyOf(toolCalls);
            if ((text == null || text.isEmpty()) && toolCalls.isEmpty()) {
                throw new IllegalArgumentException("a turn needs text or tool_calls");
            }
            if (fault != null && FaultSpec.parse(fault).kind() == FaultKind.SCRIPTED) {
                throw new IllegalArgumentException("a turn's fault cannot be 'scripted'");
            }
        }

        public static Turn text(String text) {
            return new Turn(text, List.of(), null);
        }

        public static Turn tools(ToolCall... calls) {
            return new Turn(null, List.of(calls), null);
        }

        public Turn withFault(String fault) {
            return new Turn(text, toolCalls, fault);
        }
    }

    /**
     * @param name         tool name
     * @param arguments    a JSON object (copied), or null when {@code rawArguments} is given
     * @param rawArguments argument text sent exactly as written, JSON or not (a model's broken
     *                     call), or null to send {@code arguments}
     */
    public record ToolCall(String name, JsonNode arguments, String rawArguments) {
        public ToolCall {
            if (name == null || name.isBlank()) throw new IllegalArgumentException("a tool call needs a name");
            if ((arguments == null) == (rawArguments == null)) {
                throw new IllegalArgumentException("tool call '" + name + "': give arguments or raw_arguments, not both");
            }
            if (arguments != null && !arguments.isObject()) {
                throw new IllegalArgumentException("tool call '" + name + "': arguments must be a JSON object");
            }
            arguments = arguments == null ? null : arguments.deepCopy();
        }

        public ToolCall(String name, JsonNode arguments) {
            this(name, arguments, null);
        }

        public static ToolCall of(String name, Map<String, ?> arguments) {
            return new ToolCall(name, Json.MAPPER.valueToTree(arguments));
        }

        /** A call whose argument text is sent as given, e.g. {@code "{not json"}. */
        public static ToolCall raw(String name, String argumentText) {
            return new ToolCall(name, null, argumentText);
        }

        /** The argument text as streamed: the raw text, or the arguments as compact JSON. */
        public String argumentsText() {
            return rawArguments != null ? rawArguments : arguments.toString();
        }
    }

    /**
     * Parses one script or a list of scripts from YAML or JSON text (JSON is YAML).
     *
     * @param source named in error messages (a file name, "POST /_sim/scripts")
     * @throws IllegalArgumentException naming the source, and the line or the field at fault
     */
    public static List<SimScript> parse(String text, String source) {
        JsonNode root;
        try {
            root = YAML.readTree(text);
        } catch (JsonProcessingException e) {
            var loc = e.getLocation();
            throw new IllegalArgumentException(source + (loc == null ? "" : ":" + loc.getLineNr()) + ": "
                    + e.getOriginalMessage());
        }
        if (root == null) throw new IllegalArgumentException(source + ": empty script");
        List<SimScript> out = new ArrayList<>();
        if (root.isArray()) {
            for (int i = 0; i < root.size(); i++) out.add(one(root.get(i), source + ": [" + i + "]"));
        } else {
            out.add(one(root, source));
        }
        return out;
    }

    private static SimScript one(JsonNode node, String where) {
        String name = node.path("name").asText(null);
        JsonNode turns = node.path("turns");
        if (name == null) throw new IllegalArgumentException(where + ": missing 'name'");
        if (!turns.isArray()) throw new IllegalArgumentException(where + ": 'turns' must be a list");
        List<Turn> parsed = new ArrayList<>();
        for (int i = 0; i < turns.size(); i++) {
            String at = where + ": script '" + name + "' turns[" + i + "]";
            JsonNode t = turns.get(i);
            List<ToolCall> calls = new ArrayList<>();
            JsonNode tc = t.path("tool_calls");
            if (!tc.isMissingNode() && !tc.isArray()) throw new IllegalArgumentException(at + ".tool_calls must be a list");
            for (int j = 0; j < tc.size(); j++) {
                JsonNode c = tc.get(j);
                JsonNode raw = c.get("raw_arguments");
                if (raw != null && !raw.isTextual()) {
                    throw new IllegalArgumentException(at + ".tool_calls[" + j + "].raw_arguments must be a string");
                }
                JsonNode args = c.get("arguments");
                if (args == null && raw == null) args = Json.MAPPER.createObjectNode();
                try {
                    calls.add(new ToolCall(c.path("name").asText(null), args, raw == null ? null : raw.asText()));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(at + ".tool_calls[" + j + "]: " + e.getMessage());
                }
            }
            try {
                parsed.add(new Turn(t.path("text").asText(null), calls, t.path("fault").asText(null)));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(at + ": " + e.getMessage());
            }
        }
        try {
            JsonNode window = node.get("context_length");
            if (window != null && !window.canConvertToInt()) {
                throw new IllegalArgumentException("context_length must be an integer");
            }
            return new SimScript(Objects.requireNonNull(name), parsed, window == null ? null : window.asInt());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + ": " + e.getMessage());
        }
    }
}

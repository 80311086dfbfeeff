package dev.hermes.sim;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.hermes.util.Json;

import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The parts of a chat-completions or Messages request body the simulator looks at. Both wires
 * share the shape that matters here: {@code model}, {@code stream}, {@code messages[]} with
 * {@code role} and {@code content} (a string or a list of typed blocks).
 *
 * @param model          the model name (the fault)
 * @param stream         {@code stream: true}
 * @param includeUsage   chat-completions {@code stream_options.include_usage}
 * @param messages       number of messages
 * @param assistantTurns assistant messages before the current turn (a trailing prefill not counted),
 *                       plus the model turns a compaction summary says it replaced, so a scripted
 *                       conversation keeps its place after hermes compressed it
 * @param lastUserText   text of the last user message that has text (tool results skipped), or ""
 * @param prefill        text of a trailing assistant message, or null when the last message is not one
 * @param inputTokens    deterministic stand-in for the prompt size: characters / 4
 * @param maxTokens      the request's {@code max_tokens}, or null
 */
record ModelRequest(String model, boolean stream, boolean includeUsage, int messages, int assistantTurns,
                    String lastUserText, String prefill, int inputTokens, Integer maxTokens) {

    /** @throws IllegalArgumentException with a client-facing message when the body is unusable */
    static ModelRequest parse(byte[] body) {
        JsonNode root;
        try {
            root = Json.MAPPER.readTree(body);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("request body is not valid JSON: " + e.getOriginalMessage());
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("request body could not be read: " + e.getMessage());
        }
        if (root == null || !root.isObject()) throw new IllegalArgumentException("request body must be a JSON object");
        JsonNode msgs = root.path("messages");
        if (!msgs.isArray()) throw new IllegalArgumentException("'messages' must be an array");
        int n = msgs.size();
        int assistants = 0;
        String lastUser = "";
        for (JsonNode m : msgs) {
            String role = m.path("role").asText();
            if (role.equals("assistant")) assistants++;
            String text = textOf(m.path("content"));
            assistants += compactedTurns(text);
            if (role.equals("user") && !text.isEmpty()) lastUser = text;
        }
        String prefill = null;
        if (n > 0 && msgs.get(n - 1).path("role").asText().equals("assistant")) {
            prefill = textOf(msgs.get(n - 1).path("content"));
            assistants--;
        }
        int chars = new String(body, StandardCharsets.UTF_8).length();
        return new ModelRequest(root.path("model").asText(null), root.path("stream").asBoolean(false),
                root.path("stream_options").path("include_usage").asBoolean(false), n, assistants, lastUser,
                prefill, Math.max(1, chars / 4), root.path("max_tokens").isInt() ? root.get("max_tokens").asInt() : null);
    }

    /**
     * The model turns a compaction summary replaced, from its first line ("... (replaced 7
     * messages, 3 model turns) ..."; see docs/agent.md), or 0 for any other text.
     */
    static int compactedTurns(String text) {
        if (!text.startsWith("[CONTEXT COMPACTION")) return 0;
        Matcher m = COMPACTED.matcher(text.lines().findFirst().orElse(""));
        return m.find() ? Integer.parseInt(m.group(1)) : 0;
    }

    private static final Pattern COMPACTED = Pattern.compile("\\(replaced \\d+ messages, (\\d+) model turns\\)");

    /** Concatenated text of a string content or of its {@code text} blocks (tool results ignored). */
    private static String textOf(JsonNode content) {
        if (content.isTextual()) return content.asText();
        StringBuilder sb = new StringBuilder();
        if (content.isArray()) {
            for (JsonNode block : content) {
                if (block.path("type").asText().equals("text")) sb.append(block.path("text").asText());
            }
        }
        return sb.toString();
    }
}

package dev.hermes.provider.openai;

import com.fasterxml.jackson.core.JsonParser;
import dev.hermes.llm.FinishReason;
import dev.hermes.llm.StreamEvent;
import dev.hermes.llm.Usage;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import static dev.hermes.provider.http.ChunkJson.asInt;
import static dev.hermes.provider.http.ChunkJson.asLong;
import static dev.hermes.provider.http.ChunkJson.element;
import static dev.hermes.provider.http.ChunkJson.field;
import static dev.hermes.provider.http.ChunkJson.isArray;
import static dev.hermes.provider.http.ChunkJson.isNull;
import static dev.hermes.provider.http.ChunkJson.isObject;
import static dev.hermes.provider.http.ChunkJson.skip;
import static dev.hermes.provider.http.ChunkJson.text;

/**
 * Decodes the chat-completions JSON shared by streamed chunks and whole responses: {@code id},
 * {@code model}, the first choice's {@code delta} (or {@code message}) and {@code finish_reason},
 * and {@code usage}. Read with a streaming parser, one pass, no tree (see ChunkJson); a repeated
 * field counts once, the last one, as in a tree.
 */
final class OpenAiEvents {

    /** What one chunk or response says, in the order its events are emitted. */
    static final class Decoded {
        String id;
        String model;
        String reasoningContent;
        String reasoning;
        String content;
        List<StreamEvent.ToolCallDelta> toolCalls = List.of();
        String finishReason;
        Usage usage;
        /** A top-level field an error object may carry ({@code error}, {@code type}, {@code base_resp}). */
        boolean errorShaped;

        StreamEvent.Started started() {
            return id == null && model == null ? null : new StreamEvent.Started(id, model);
        }

        /** Content (reasoning, text, tool-call fragments), finish and usage, in this order. */
        void events(List<StreamEvent> out) {
            // Providers name reasoning differently (DeepSeek/Qwen "reasoning_content", OpenRouter
            // "reasoning"); one is taken, so a provider sending both does not double it.
            String r = nonEmpty(reasoningContent) != null ? reasoningContent : nonEmpty(reasoning);
            if (r != null) out.add(new StreamEvent.ReasoningDelta(r, null));
            if (nonEmpty(content) != null) out.add(new StreamEvent.TextDelta(content));
            out.addAll(toolCalls);
            if (finishReason != null) out.add(new StreamEvent.Finish(finish(finishReason), finishReason));
            if (usage != null) out.add(new StreamEvent.UsageUpdate(usage));
        }
    }

    private OpenAiEvents() {
    }

    /**
     * Reads the object the parser stands on.
     *
     * @param choiceKey     "delta" for a streamed chunk, "message" for a whole response
     * @param stopAtErrorKey stop as soon as a field an error object carries is seen (marked
     *                      {@link Decoded#errorShaped}), so the caller can look at it whole
     */
    static Decoded decode(JsonParser p, String choiceKey, boolean stopAtErrorKey) throws IOException {
        Decoded d = new Decoded();
        String name;
        while ((name = field(p)) != null) {
            switch (name) {
                case "id" -> d.id = text(p);
                case "model" -> d.model = text(p);
                case "choices" -> firstChoice(p, choiceKey, d);
                case "usage" -> d.usage = usage(p);
                case "error", "type", "base_resp" -> {
                    if (stopAtErrorKey) {
                        d.errorShaped = true;
                        return d;
                    }
                    skip(p);
                }
                default -> skip(p);
            }
        }
        return d;
    }

    private static void firstChoice(JsonParser p, String choiceKey, Decoded d) throws IOException {
        d.reasoningContent = d.reasoning = d.content = d.finishReason = null;
        d.toolCalls = List.of();
        if (!isArray(p)) return;
        boolean first = true;
        while (element(p)) {
            if (first && isObject(p)) {
                String name;
                while ((name = field(p)) != null) {
                    if (name.equals(choiceKey)) content(p, d);
                    else if (name.equals("finish_reason")) d.finishReason = text(p);
                    else skip(p);
                }
            } else {
                skip(p);
            }
            first = false;
        }
    }

    private static void content(JsonParser p, Decoded d) throws IOException {
        d.reasoningContent = d.reasoning = d.content = null;
        d.toolCalls = List.of();
        if (!isObject(p)) return;
        String name;
        while ((name = field(p)) != null) {
            switch (name) {
                case "reasoning_content" -> d.reasoningContent = text(p);
                case "reasoning" -> d.reasoning = text(p);
                case "content" -> d.content = text(p);
                case "tool_calls" -> d.toolCalls = toolCalls(p);
                default -> skip(p);
            }
        }
    }

    private static List<StreamEvent.ToolCallDelta> toolCalls(JsonParser p) throws IOException {
        if (!isArray(p)) return List.of();
        List<StreamEvent.ToolCallDelta> calls = new ArrayList<>(1);
        for (int i = 0; element(p); i++) {
            // Some compatible servers omit "index"; the position in the array stands in for it.
            int index = i;
            String id = null;
            String name = null;
            String arguments = null;
            if (isObject(p)) {
                String key;
                while ((key = field(p)) != null) {
                    switch (key) {
                        case "index" -> index = isNull(p) ? i : asInt(p);
                        case "id" -> id = text(p);
                        case "function" -> {
                            name = arguments = null;
                            if (!isObject(p)) continue;
                            String f;
                            while ((f = field(p)) != null) {
                                if (f.equals("name")) name = text(p);
                                else if (f.equals("arguments")) arguments = text(p);
                                else skip(p);
                            }
                        }
                        default -> skip(p);
                    }
                }
            }
            calls.add(new StreamEvent.ToolCallDelta(index, id, name, arguments));
        }
        return calls;
    }

    private static Usage usage(JsonParser p) throws IOException {
        if (!isObject(p)) return null;
        long prompt = 0;
        long completion = 0;
        long cached = 0;
        long reasoning = 0;
        String name;
        while ((name = field(p)) != null) {
            switch (name) {
                case "prompt_tokens" -> prompt = asLong(p);
                case "completion_tokens" -> completion = asLong(p);
                case "prompt_tokens_details" -> cached = nested(p, "cached_tokens");
                case "completion_tokens_details" -> reasoning = nested(p, "reasoning_tokens");
                default -> skip(p);
            }
        }
        return new Usage(prompt, completion, cached, 0, reasoning);
    }

    /** {@code key} of the object the parser stands on, as a count; 0 when absent or not an object. */
    private static long nested(JsonParser p, String key) throws IOException {
        long value = 0;
        if (!isObject(p)) return 0;
        String name;
        while ((name = field(p)) != null) {
            if (name.equals(key)) value = asLong(p);
            else skip(p);
        }
        return value;
    }

    static FinishReason finish(String raw) {
        return switch (raw) {
            case "stop" -> FinishReason.STOP;
            case "length" -> FinishReason.LENGTH;
            case "tool_calls", "function_call" -> FinishReason.TOOL_USE;
            case "content_filter" -> FinishReason.CONTENT_FILTER;
            default -> FinishReason.OTHER;
        };
    }

    private static String nonEmpty(String s) {
        return s == null || s.isEmpty() ? null : s;
    }
}

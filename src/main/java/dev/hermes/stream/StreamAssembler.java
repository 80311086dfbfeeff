package dev.hermes.stream;

import dev.hermes.llm.ApiError;
import dev.hermes.llm.ChatResponse;
import dev.hermes.llm.ContentBlock;
import dev.hermes.llm.Message;
import dev.hermes.llm.StreamEvent;
import dev.hermes.llm.Usage;
import dev.hermes.util.JsonText;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Builds a {@link ChatResponse} from {@link StreamEvent}s.
 *
 * <ul>
 *   <li>Text deltas are concatenated into one text block; reasoning deltas into reasoning blocks
 *       (a new block starts when reasoning text follows a signature), signatures kept.</li>
 *   <li>Tool-call fragments are joined by index into the exact argument text the model wrote,
 *       never re-serialized. A call with no argument text gets "{}". Arguments that are not a
 *       valid JSON object are kept raw: the agent loop reports them back to the model, and
 *       {@link #argumentsComplete(int)} tells whether they may be executed.</li>
 *   <li>Usage reports are folded with {@link Usage#update}; the last {@code Started} id and model win.</li>
 * </ul>
 *
 * <p>The response is complete only once a {@link StreamEvent.Finish} arrived and no
 * {@link StreamEvent.Error}: a body that ended without one was cut. Not thread-safe.
 */
public final class StreamAssembler {

    private static final class ReasoningPart {
        final StringBuilder text = new StringBuilder();
        String signature;
    }

    private static final class ToolCallPart {
        String id;
        String name;
        final StringBuilder arguments = new StringBuilder();
    }

    private final StringBuilder text = new StringBuilder();
    private final List<ReasoningPart> reasoning = new ArrayList<>();
    private final TreeMap<Integer, ToolCallPart> toolCalls = new TreeMap<>();
    private Usage usage = Usage.ZERO;
    private String responseId;
    private String model;
    private StreamEvent.Finish finish;
    private ApiError error;

    public void accept(StreamEvent event) {
        switch (event) {
            case StreamEvent.TextDelta d -> text.append(d.text());
            case StreamEvent.ReasoningDelta d -> acceptReasoning(d);
            case StreamEvent.ToolCallDelta d -> acceptToolCall(d);
            case StreamEvent.UsageUpdate u -> usage = usage.update(u.usage());
            case StreamEvent.Started s -> {
                if (s.responseId() != null) responseId = s.responseId();
                if (s.model() != null) model = s.model();
            }
            case StreamEvent.Finish f -> finish = f;
            case StreamEvent.Error e -> error = e.error();
            case StreamEvent.KeepAlive k -> {
                // a sign of life, not output
            }
        }
    }

    private void acceptReasoning(StreamEvent.ReasoningDelta d) {
        ReasoningPart current = reasoning.isEmpty() ? null : reasoning.get(reasoning.size() - 1);
        if (current == null || (current.signature != null && !d.text().isEmpty())) {
            current = new ReasoningPart();
            reasoning.add(current);
        }
        current.text.append(d.text());
        if (d.signature() != null) current.signature = d.signature();
    }

    private void acceptToolCall(StreamEvent.ToolCallDelta d) {
        ToolCallPart part = toolCalls.computeIfAbsent(d.index(), i -> new ToolCallPart());
        if (d.id() != null && !d.id().isEmpty()) part.id = d.id();
        if (d.name() != null && !d.name().isEmpty()) part.name = d.name();
        part.arguments.append(d.argumentsFragment());
    }

    /** True once a Finish arrived and no in-stream error. */
    public boolean finished() {
        return finish != null && error == null;
    }

    /** The error the provider sent inside the stream, or null. */
    public ApiError error() {
        return error;
    }

    public StreamEvent.Finish finish() {
        return finish;
    }

    public Usage usage() {
        return usage;
    }

    public String responseId() {
        return responseId;
    }

    public String model() {
        return model;
    }

    /** True when tool call {@code index} exists and its arguments are a complete JSON object (or empty). */
    public boolean argumentsComplete(int index) {
        ToolCallPart part = toolCalls.get(index);
        return part != null && (part.arguments.toString().isBlank() || JsonText.isObject(part.arguments.toString()));
    }

    /** {@link #response(String, String)} with no fallback model. */
    public ChatResponse response(String provider) {
        return response(provider, null);
    }

    /**
     * The assembled answer.
     *
     * @param provider      the provider id to record
     * @param fallbackModel the model to record when the stream never named one (may be null)
     * @throws IllegalStateException when the stream has not finished (see {@link #finished()})
     */
    public ChatResponse response(String provider, String fallbackModel) {
        if (!finished()) {
            throw new IllegalStateException(error != null
                    ? "the stream carried an error: " + error.describe()
                    : "the stream has not finished: no terminal event was seen");
        }
        List<ContentBlock> blocks = new ArrayList<>();
        for (ReasoningPart part : reasoning) blocks.add(new ContentBlock.Reasoning(part.text.toString(), part.signature));
        if (!text.isEmpty()) blocks.add(new ContentBlock.Text(text.toString()));
        for (Map.Entry<Integer, ToolCallPart> e : toolCalls.entrySet()) {
            String args = e.getValue().arguments.toString();
            blocks.add(toolUse(e.getKey(), e.getValue(), args.isBlank() ? "{}" : args));
        }
        return new ChatResponse(provider, model != null ? model : fallbackModel, Message.assistant(blocks),
                finish.reason(), finish.raw(), usage);
    }

    /**
     * What arrived so far, usable whether or not the stream finished. A call counts as completed
     * when its arguments are a complete JSON object, or when they are empty and a later call
     * started; the last call, if not complete, is reported as open.
     */
    public PartialOutput partial() {
        List<ContentBlock.ToolUse> completed = new ArrayList<>();
        int openIndex = -1;
        String openName = null;
        Integer last = toolCalls.isEmpty() ? null : toolCalls.lastKey();
        for (Map.Entry<Integer, ToolCallPart> e : toolCalls.entrySet()) {
            String args = e.getValue().arguments.toString();
            boolean isLast = e.getKey().equals(last);
            if (JsonText.isObject(args)) {
                completed.add(toolUse(e.getKey(), e.getValue(), args));
            } else if (args.isBlank() && !isLast) {
                completed.add(toolUse(e.getKey(), e.getValue(), "{}"));
            } else if (isLast) {
                openIndex = e.getKey();
                openName = e.getValue().name;
            }
        }
        StringBuilder allReasoning = new StringBuilder();
        for (ReasoningPart part : reasoning) allReasoning.append(part.text);
        return new PartialOutput(text.toString(), allReasoning.toString(), completed, openIndex, openName);
    }

    /** Providers that omit tool-call ids (some local servers) get a stable one from the index. */
    private static ContentBlock.ToolUse toolUse(int index, ToolCallPart part, String args) {
        return new ContentBlock.ToolUse(part.id != null ? part.id : "call_" + index, part.name != null ? part.name : "", args);
    }
}

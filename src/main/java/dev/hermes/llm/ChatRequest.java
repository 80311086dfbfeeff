package dev.hermes.llm;

import java.util.List;
import java.util.Objects;

/**
 * One model request, provider-neutral.
 *
 * @param model     the model id as the provider knows it
 * @param messages  the conversation, system messages included; a final assistant message is a
 *                  prefill the model continues from
 * @param tools     tools the model may call; empty for none
 * @param maxTokens the output budget, or null for the client's default
 * @param temperature sampling temperature, or null for the provider's default
 */
public record ChatRequest(String model, List<Message> messages, List<ToolDefinition> tools, Integer maxTokens,
                          Double temperature) {

    public ChatRequest {
        Objects.requireNonNull(model, "model");
        messages = List.copyOf(messages);
        tools = tools == null ? List.of() : List.copyOf(tools);
    }

    public static ChatRequest of(String model, List<Message> messages) {
        return new ChatRequest(model, messages, List.of(), null, null);
    }

    public ChatRequest withModel(String otherModel) {
        return new ChatRequest(otherModel, messages, tools, maxTokens, temperature);
    }

    public ChatRequest withMessages(List<Message> otherMessages) {
        return new ChatRequest(model, otherMessages, tools, maxTokens, temperature);
    }

    public ChatRequest withMaxTokens(Integer otherMaxTokens) {
        return new ChatRequest(model, messages, tools, otherMaxTokens, temperature);
    }

    /** True when the last message is an assistant message: the model is asked to continue it. */
    public boolean hasPrefill() {
        return !messages.isEmpty() && messages.get(messages.size() - 1).role() == Role.ASSISTANT;
    }
}

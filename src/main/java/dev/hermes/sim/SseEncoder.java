package dev.hermes.sim;

import dev.hermes.provider.WireApi;

import java.util.List;

/**
 * Renders one simulated response in one wire format: the streamed events (each a complete SSE
 * event ending in a blank line) and the non-streamed body. Instances are per response and not
 * thread-safe (the Anthropic encoder tracks the open content block).
 */
sealed interface SseEncoder permits ChatCompletionsEncoder, AnthropicEncoder {

    /**
     * @param id           response id suffix (the attempt's sequence number)
     * @param model        the model name as requested
     * @param inputTokens  prompt size reported in usage
     * @param includeUsage chat-completions {@code stream_options.include_usage}
     */
    static SseEncoder forWire(WireApi wire, long id, String model, int inputTokens, boolean includeUsage) {
        return switch (wire) {
            case CHAT_COMPLETIONS -> new ChatCompletionsEncoder(id, model, inputTokens, includeUsage);
            case ANTHROPIC_MESSAGES -> new AnthropicEncoder(id, model, inputTokens);
        };
    }

    /** Events before any content (role chunk; message_start and a ping). */
    List<String> start();

    /** Events carrying one piece. */
    List<String> piece(Piece piece);

    /** Events that end the answer but are not the terminal event: finish reason, usage. */
    List<String> finish(Answer answer);

    /** The terminal event: {@code data: [DONE]} or {@code message_stop}. */
    String terminal();

    /** A keep-alive that carries no content. */
    String ping();

    /** An event whose JSON is cut off mid-string. */
    String malformed();

    /** MiniMax's in-stream output filter error (1027). */
    String contentFilter();

    /** The whole answer as a non-streamed JSON body. */
    String completeBody(Answer answer);

    /** The non-streamed body for the content filter (HTTP 200 carrying MiniMax's 1027). */
    String contentFilterBody();
}

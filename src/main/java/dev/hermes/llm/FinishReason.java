package dev.hermes.llm;

/** Why the model stopped, mapped from each wire format's own vocabulary. */
public enum FinishReason {
    /** Natural end: OpenAI "stop", Anthropic "end_turn" and "stop_sequence". */
    STOP,
    /** Output budget reached: OpenAI "length", Anthropic "max_tokens". */
    LENGTH,
    /** The model wants tool results: OpenAI "tool_calls"/"function_call", Anthropic "tool_use". */
    TOOL_USE,
    /** The provider's filter withheld or cut the output: OpenAI "content_filter". */
    CONTENT_FILTER,
    /** The model declined: Anthropic "refusal". */
    REFUSAL,
    /** Anthropic "pause_turn": a long server-side turn paused; the request may be sent again to continue. */
    PAUSE,
    /** Anything else; the raw value is kept beside it. */
    OTHER
}

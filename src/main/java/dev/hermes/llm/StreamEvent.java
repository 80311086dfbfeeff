package dev.hermes.llm;

import java.util.Objects;

/**
 * What a streaming model call produces, in provider-neutral form. Wire clients translate their
 * format into these; the stream watchdog and the assembler consume them.
 *
 * <p>A stream is complete only when a {@link Finish} was seen before the end of the body. A body
 * that ends without one was cut, whatever else it carried.
 */
public sealed interface StreamEvent {

    /** True for events that carry model output (text, reasoning, tool-call fragments). */
    default boolean isContent() {
        return false;
    }

    record TextDelta(String text) implements StreamEvent {
        public TextDelta {
            Objects.requireNonNull(text, "text");
        }

        @Override
        public boolean isContent() {
            return true;
        }
    }

    /** Reasoning text, or (with empty text) only a signature for the current reasoning block. */
    record ReasoningDelta(String text, String signature) implements StreamEvent {
        public ReasoningDelta {
            Objects.requireNonNull(text, "text");
        }

        @Override
        public boolean isContent() {
            return true;
        }
    }

    /**
     * A fragment of tool call number {@code index} (0-based, in the order the model started them).
     * {@code id} and {@code name} are set on the fragment that opens the call and may be null after;
     * {@code argumentsFragment} is raw JSON text to be appended, possibly empty.
     */
    record ToolCallDelta(int index, String id, String name, String argumentsFragment) implements StreamEvent {
        public ToolCallDelta {
            argumentsFragment = argumentsFragment == null ? "" : argumentsFragment;
        }

        @Override
        public boolean isContent() {
            return true;
        }
    }

    /** Token counts so far; see {@link Usage#update}. */
    record UsageUpdate(Usage usage) implements StreamEvent {
    }

    /** The response's own id and the model that is answering, when the wire format reports them. */
    record Started(String responseId, String model) implements StreamEvent {
    }

    /** The provider's terminal verdict. {@code raw} is the wire value ("end_turn", "stop", ...). */
    record Finish(FinishReason reason, String raw) implements StreamEvent {
        public Finish {
            Objects.requireNonNull(reason, "reason");
        }
    }

    /**
     * A sign of life that is not output: an SSE comment, an Anthropic ping, an empty chunk.
     * Keeps a connection alive but is not progress.
     */
    record KeepAlive(String kind) implements StreamEvent {
    }

    /** An error the provider sent inside a 200 stream. Nothing after it is trusted. */
    record Error(ApiError error) implements StreamEvent {
        public Error {
            Objects.requireNonNull(error, "error");
        }
    }
}

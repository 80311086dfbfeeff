package dev.hermes.stream;

import java.util.Objects;

/** What an {@link SseReader} yields: a dispatched event, or a comment line (a keep-alive). */
public sealed interface SseItem {

    /**
     * A dispatched event.
     *
     * @param event the {@code event:} field, or "message" when none was given (as the SSE spec says)
     * @param data  the {@code data:} lines joined with "\n"
     * @param id    the last {@code id:} seen on the stream so far, or null
     */
    record Event(String event, String data, String id) implements SseItem {
        public Event {
            Objects.requireNonNull(event, "event");
            Objects.requireNonNull(data, "data");
        }
    }

    /** A comment line ({@code : text}) with the colon and one following space removed. */
    record Comment(String text) implements SseItem {
        public Comment {
            Objects.requireNonNull(text, "text");
        }
    }
}

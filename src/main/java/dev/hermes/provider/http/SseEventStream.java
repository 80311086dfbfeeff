package dev.hermes.provider.http;

import dev.hermes.llm.StreamEvent;
import dev.hermes.stream.AttemptListener;
import dev.hermes.provider.EventStream;
import dev.hermes.stream.MalformedStreamException;
import dev.hermes.provider.StreamClosedException;
import dev.hermes.stream.SseItem;
import dev.hermes.stream.SseReader;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.List;

/**
 * An {@link EventStream} over an SSE body: an {@link SseReader} feeds a wire-specific
 * {@link Translator}. SSE comments become {@link StreamEvent.KeepAlive}s.
 *
 * <p>The stream ends (next() returns null) at the body's end, after the translator's terminal
 * event ({@code [DONE]}, {@code message_stop}), or after an in-stream error. Once
 * {@link #close()} was called, from any thread, {@link #next()} throws
 * {@link StreamClosedException} instead of ever reporting a normal end.
 */
public final class SseEventStream implements EventStream {

    /** Maps one SSE event of a wire format to stream events. One instance per stream. */
    public interface Translator {
        /** Events for one SSE event; empty for events that carry nothing for us. */
        List<StreamEvent> translate(SseItem.Event event) throws MalformedStreamException;

        /** True once the wire format's terminal event was seen: nothing after it is read. */
        boolean ended();
    }

    private final OpenResponse response;
    private final SseReader reader;
    private final Translator translator;
    private final ArrayDeque<StreamEvent> pending = new ArrayDeque<>();
    private boolean ended;

    public SseEventStream(OpenResponse response, AttemptListener listener, Translator translator) {
        this.response = response;
        this.reader = new SseReader(response.body(), listener);
        this.translator = translator;
    }

    @Override
    public StreamEvent next() throws IOException {
        while (true) {
            if (response.isClosed()) throw closed();
            if (!pending.isEmpty()) return pending.poll();
            if (ended) return null;
            SseItem item;
            try {
                item = reader.next();
            } catch (IOException e) {
                if (response.isClosed()) throw closed();
                throw e;
            }
            if (response.isClosed()) throw closed();
            switch (item) {
                case null -> ended = true;
                case SseItem.Comment c -> {
                    return new StreamEvent.KeepAlive("comment");
                }
                case SseItem.Event e -> {
                    List<StreamEvent> events = translator.translate(e);
                    for (StreamEvent event : events) {
                        pending.add(event);
                        // Nothing after an in-stream error is trusted.
                        if (event instanceof StreamEvent.Error) {
                            ended = true;
                            break;
                        }
                    }
                    ended |= translator.ended();
                }
            }
        }
    }

    private static StreamClosedException closed() {
        return new StreamClosedException("the stream was closed on our side");
    }

    @Override
    public void close() {
        response.close();
    }
}

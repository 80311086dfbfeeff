package dev.hermes.provider;

import dev.hermes.llm.StreamEvent;
import dev.hermes.stream.StreamAssembler;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** Test helpers for reading whole streams. */
public final class Streams {

    private Streams() {
    }

    /** Every event until next() returns null; the stream is closed afterwards. */
    public static List<StreamEvent> drain(EventStream stream) throws IOException {
        try (stream) {
            List<StreamEvent> events = new ArrayList<>();
            for (StreamEvent e = stream.next(); e != null; e = stream.next()) events.add(e);
            return events;
        }
    }

    public static StreamAssembler assemble(List<StreamEvent> events) {
        StreamAssembler assembler = new StreamAssembler();
        events.forEach(assembler::accept);
        return assembler;
    }
}

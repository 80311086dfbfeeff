package dev.hermes.sim;

import java.util.ArrayList;
import java.util.List;

/**
 * What the simulator is about to say in one response: optional text then optional tool calls,
 * already cut into {@link Piece}s.
 *
 * @param text   the text (possibly empty; after a prefill, only the continuation)
 * @param calls  the tool calls, in order
 * @param pieces the streamed form: text chunks, then per call a start and argument fragments
 * @param cutByLength the answer ends at the output limit: finish reason {@code length} / {@code max_tokens}
 */
record Answer(String text, List<Call> calls, List<Piece> pieces, boolean cutByLength) {

    /** A tool call with its id and its arguments as compact JSON text. */
    record Call(String id, String name, String argumentsJson) {
    }

    Answer {
        calls = List.copyOf(calls);
        pieces = List.copyOf(pieces);
    }

    /**
     * Builds the pieces.
     *
     * @param textChunks    the text, cut into its chunks
     * @param fragmentChars characters per argument fragment
     */
    static Answer of(String text, List<String> textChunks, List<Call> calls, int fragmentChars) {
        List<Piece> pieces = new ArrayList<>();
        for (String c : textChunks) pieces.add(new Piece.Text(c));
        for (int i = 0; i < calls.size(); i++) {
            Call call = calls.get(i);
            pieces.add(new Piece.ToolStart(i, call.id(), call.name()));
            for (String f : Prose.fragments(call.argumentsJson(), fragmentChars)) pieces.add(new Piece.ToolArgs(i, f));
        }
        return new Answer(text, calls, pieces, false);
    }

    /**
     * The answer as an output limit would leave it: its first {@code n} content pieces (a tool call
     * keeps the argument fragments sent so far, so its JSON is usually incomplete), marked as cut.
     */
    Answer cutAfter(int n) {
        List<Piece> kept = new ArrayList<>();
        int content = 0;
        for (Piece p : pieces) {
            if (p.isContent() && content == n) break;
            kept.add(p);
            if (p.isContent()) content++;
        }
        StringBuilder keptText = new StringBuilder();
        List<StringBuilder> args = new ArrayList<>();
        for (Piece p : kept) {
            switch (p) {
                case Piece.Text t -> keptText.append(t.text());
                case Piece.ToolStart s -> args.add(new StringBuilder());
                case Piece.ToolArgs a -> args.get(a.index()).append(a.fragment());
            }
        }
        List<Call> keptCalls = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            Call c = calls.get(i);
            keptCalls.add(new Call(c.id(), c.name(), args.get(i).toString()));
        }
        return new Answer(keptText.toString(), keptCalls, kept, true);
    }

    /** The request log's outcome for this answer delivered whole. */
    String outcome() {
        if (!cutByLength) return "completed";
        long sent = pieces.stream().filter(Piece::isContent).count();
        return "finish length after " + sent + (sent == 1 ? " chunk" : " chunks");
    }

    boolean toolUse() {
        return !calls.isEmpty();
    }

    /** Deterministic stand-in for a token count: words of text plus a quarter of the argument characters. */
    int outputTokens() {
        int n = text.isBlank() ? 0 : text.strip().split("\\s+").length;
        for (Call c : calls) n += (c.argumentsJson().length() + 3) / 4;
        return n;
    }
}

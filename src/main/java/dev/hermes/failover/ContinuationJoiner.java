package dev.hermes.failover;

/**
 * Joins a continuation to the text it continues, so the answer reads as if it had never been cut.
 * The one joiner of the project: the agent's continuation after an output-limit cut and the
 * failover's continuation of a stream that died mid-answer both go through it, with one rule.
 *
 * <p>The continuation is asked for with the partial answer as an assistant prefill, and most
 * models go on from the exact character where they stopped. Some repeat the last words (or the
 * whole answer) first; that repeated overlap is dropped. An overlap counts only when it is the
 * whole partial text, at least {@value #MIN_OVERLAP} characters, or only whitespace (the
 * Anthropic wire trims a prefill's trailing whitespace, so a model may send it again): shorter
 * coincidences ("the" after "...in the") are kept.
 *
 * <p>As an observer wrapper (everything but text and restarts passes straight on) it holds back the continuation's first characters only while they
 * could still be the start of such an overlap, so the user never sees the repeated words, and
 * what it forwards always equals what {@link #joined} returns. Not thread-safe: used on the
 * calling thread of one model call.
 */
public final class ContinuationJoiner extends ForwardingCallObserver {

    static final int MIN_OVERLAP = 16;
    /** Overlaps are looked for in this many trailing characters of the partial text. */
    static final int WINDOW = 2048;

    private final String prefix;
    private final String tail;
    private final CallObserver downstream;
    private final StringBuilder held = new StringBuilder();
    private int overlap = -1;

    public ContinuationJoiner(String prefix, CallObserver downstream) {
        super(downstream);
        this.prefix = prefix;
        this.tail = prefix.substring(Math.max(0, prefix.length() - WINDOW));
        this.downstream = downstream;
    }

    @Override
    public void text(String delta) {
        if (overlap >= 0) {
            downstream.text(delta);
            return;
        }
        held.append(delta);
        if (!couldGrow(held)) release();
    }

    /** The continuation restarts: the text shown is void, so the partial text is shown again. */
    @Override
    public void restart(String why) {
        held.setLength(0);
        overlap = -1;
        downstream.restart(why);
        if (!prefix.isEmpty()) downstream.text(prefix);
    }

    /**
     * The whole answer so far: the partial text and the continuation, overlap removed. Forwards
     * whatever is still held, so the observer has seen exactly this text.
     */
    public String joined(String continuation) {
        if (overlap < 0) {
            held.setLength(0);
            held.append(continuation);
            release();
        }
        return prefix + continuation.substring(Math.min(overlap, continuation.length()));
    }

    private void release() {
        overlap = overlap(tail, prefix.length(), held);
        if (held.length() > overlap) downstream.text(held.substring(overlap));
        held.setLength(0);
    }

    /** True while a longer overlap is still possible: some suffix of the tail is longer than and starts with {@code head}. */
    private boolean couldGrow(CharSequence head) {
        String h = head.toString();
        for (int p = tail.indexOf(h); p >= 0; p = tail.indexOf(h, p + 1)) {
            if (tail.length() - p > h.length()) return true;
        }
        return false;
    }

    /** The length of the longest acceptable overlap: a suffix of {@code tail} that {@code head} starts with. */
    static int overlap(String tail, int prefixLength, CharSequence head) {
        int max = Math.min(tail.length(), head.length());
        for (int k = max; k > 0; k--) {
            if (!tail.regionMatches(tail.length() - k, head.toString(), 0, k)) continue;
            if (k == prefixLength || k >= MIN_OVERLAP || head.subSequence(0, k).toString().isBlank()) return k;
        }
        return 0;
    }
}

package dev.hermes.sim;

/**
 * How a 200 response deviates from a healthy one.
 *
 * @param brk            what happens once {@code after} content chunks have been sent
 * @param after          content chunks sent before the break (clamped to the answer's length)
 * @param firstDelayMs   silence after the response head, before the first event
 * @param pingIntervalMs keep-alive period for {@link Break#PINGS}
 * @param terminal       whether the terminal event ({@code [DONE]} / {@code message_stop}) is sent
 */
record StreamPlan(Break brk, int after, long firstDelayMs, long pingIntervalMs, boolean terminal) {

    /** What breaks a stream. */
    enum Break {
        /** Nothing: the answer is delivered whole. */
        NONE,
        /** The connection closes mid-body (chunked body without its final chunk). */
        CUT,
        /** The body ends properly but without the terminal event. */
        CUT_CLEAN,
        /** Silence, socket held open until the client or the server closes it. */
        STALL,
        /** Only keep-alives from then on, until the client or the server closes. */
        PINGS,
        /** One event with broken JSON, then the rest of the stream as normal. */
        MALFORMED,
        /** MiniMax's in-stream 1027 error, then the body ends. */
        FILTER
    }

    static final StreamPlan HEALTHY = new StreamPlan(Break.NONE, 0, 0, 0, true);

    static StreamPlan breakAfter(Break brk, int after) {
        return new StreamPlan(brk, after, 0, 0, true);
    }
}

package dev.hermes.proxy;

import dev.hermes.failover.CallObserver;
import dev.hermes.server.Exchange;
import dev.hermes.server.SseStream;

import java.io.IOException;

/**
 * Turns what the failover caller sees into one well-formed stream in the client's wire format.
 *
 * <p>Text goes out as it arrives. When the caller continues an answer by prefill, its text simply
 * follows. When it restarts the answer on a route that cannot continue, the new text must repeat
 * what the client already has: it is checked against it and held back until it passes it, so the
 * client sees no duplicate; a restart that says something else is a contradiction, and the call
 * is stopped so the handler can end the stream with an error event. Tool calls are not streamed
 * here at all: they go out complete with the final answer ({@link ClientWire.StreamWriter#finish}).
 *
 * <p>Runs on the calling thread. A write that fails means the client went away; the call is then
 * stopped by interrupting this thread, which the failover caller treats as cancellation.
 */
final class Relay implements CallObserver {

    enum Stop { NONE, CLIENT_GONE, CONTRADICTION }

    private final Exchange exchange;
    private final ClientWire wire;
    private final String id;
    private final String model;
    private final boolean includeUsage;
    private final long started = System.nanoTime();
    private final StringBuilder sent = new StringBuilder();
    private ClientWire.StreamWriter writer;
    private int replayed = -1; // >= 0 while a restarted answer is re-saying sent text
    private boolean brokenMidStream;
    private long firstTokenNanos = -1;
    private volatile Stop stop = Stop.NONE;

    Relay(Exchange exchange, ClientWire wire, String id, String model, boolean includeUsage) {
        this.exchange = exchange;
        this.wire = wire;
        this.id = id;
        this.model = model;
        this.includeUsage = includeUsage;
    }

    @Override
    public void text(String delta) {
        if (stop != Stop.NONE) return;
        String fresh = delta;
        if (replayed >= 0) {
            int overlap = Math.min(delta.length(), sent.length() - replayed);
            if (!sent.substring(replayed, replayed + overlap).equals(delta.substring(0, overlap))) {
                halt(Stop.CONTRADICTION);
                return;
            }
            replayed += overlap;
            fresh = delta.substring(overlap);
            if (replayed == sent.length()) replayed = -1;
        }
        if (fresh.isEmpty()) return;
        sent.append(fresh);
        write(fresh, false);
    }

    @Override
    public void reasoning(String delta) {
        if (stop == Stop.NONE && replayed < 0) write(delta, true);
    }

    @Override
    public void restart(String why) {
        if (sent.isEmpty()) return;
        replayed = 0;
        brokenMidStream = true;
    }

    @Override
    public void status(String line) {
        // every failure the caller reports comes with a status line: after text, that is a mid-stream break
        if (!sent.isEmpty()) brokenMidStream = true;
    }

    private void write(String delta, boolean reasoning) {
        try {
            if (firstTokenNanos < 0) firstTokenNanos = System.nanoTime() - started;
            ClientWire.StreamWriter w = open();
            if (reasoning) w.reasoning(delta);
            else w.text(delta);
        } catch (IOException e) {
            halt(Stop.CLIENT_GONE);
        }
    }

    private void halt(Stop why) {
        stop = why;
        Thread.currentThread().interrupt(); // the failover caller ends the call as cancelled
    }

    /** The writer, opening the stream (status 200) on first use. */
    ClientWire.StreamWriter open() throws IOException {
        if (writer == null) {
            SseStream sse = exchange.sse();
            writer = wire.stream(sse, id, model, includeUsage);
        }
        return writer;
    }

    boolean started() {
        return writer != null;
    }

    /** True when a restarted answer has not yet re-said everything the client has: ending now would contradict it. */
    boolean replayIncomplete() {
        return replayed >= 0;
    }

    Stop stop() {
        return stop;
    }

    /** The call continued after a break that came after text had been sent. */
    boolean continued() {
        return brokenMidStream;
    }

    /** Time to the first text or reasoning sent, in nanoseconds, or -1. */
    long firstTokenNanos() {
        return firstTokenNanos;
    }
}

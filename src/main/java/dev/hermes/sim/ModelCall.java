package dev.hermes.sim;

import dev.hermes.provider.WireApi;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Answers one model call according to its fault. Runs on the connection's thread; every wait
 * (chunk delays, stalls, held-open sockets) ends when the server closes the socket or interrupts
 * the thread.
 */
final class ModelCall {

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final WireApi wire;
    private final ModelRequest req;
    private final AttemptLog.Entry entry;
    private final SimOptions options;
    private final ModelState state;

    ModelCall(Socket socket, InputStream in, OutputStream out, WireApi wire, ModelRequest req, AttemptLog.Entry entry,
              SimOptions options, ModelState state) {
        this.socket = socket;
        this.in = in;
        this.out = out;
        this.wire = wire;
        this.req = req;
        this.entry = entry;
        this.options = options;
        this.state = state;
    }

    /**
     * Plays {@code spec} (already resolved to a scripted turn's fault, if any).
     *
     * @param stateKey key for once-only and time-window faults
     */
    void play(FaultSpec spec, Answer answer, String stateKey) throws IOException, InterruptedException {
        int after = spec.count("after", 3);
        if (spec.has("times") && state.nextRequest(stateKey) > spec.number("times", 0)) {
            respond(answer, StreamPlan.HEALTHY, spec); // the fault has happened `times` times: healed
            return;
        }
        switch (spec.kind()) {
            case HEALTHY, SCRIPTED -> respond(answer, StreamPlan.HEALTHY, spec);
            case RATE_LIMIT_ONCE -> {
                if (state.firstTime(stateKey)) {
                    error(SimError.rateLimited(wire, "Retry-After", Long.toString(spec.number("retry_after", 1))));
                } else {
                    respond(answer, StreamPlan.HEALTHY, spec);
                }
            }
            case RATE_LIMIT -> error(spec.has("retry_after_ms")
                    ? SimError.rateLimited(wire, "retry-after-ms", Long.toString(spec.number("retry_after_ms", 0)))
                    : SimError.rateLimited(wire, "Retry-After", Long.toString(spec.number("retry_after", 1))));
            case ERROR_500_ONCE -> {
                if (state.firstTime(stateKey)) error(SimError.serverError(wire));
                else respond(answer, StreamPlan.HEALTHY, spec);
            }
            case OVERLOADED_503, OVERLOADED_529 -> {
                int status = spec.kind() == FaultKind.OVERLOADED_503 ? 503 : 529;
                error(spec.has("retry_after") ? SimError.overloaded(wire, status, spec.number("retry_after", 0))
                        : SimError.overloaded(wire, status));
            }
            case RESET_BEFORE_HEADERS -> {
                entry.outcome("reset before headers");
                socket.setSoLinger(true, 0);
                socket.close();
            }
            case NO_RESPONSE -> {
                entry.outcome("no response (held open)");
                holdUntilClosed();
            }
            case SLOW_FIRST_TOKEN -> respond(answer,
                    new StreamPlan(StreamPlan.Break.NONE, 0, spec.number("delay_ms", 1000), 0, true), spec);
            case CUT -> respond(answer, StreamPlan.breakAfter(
                    spec.flag("clean") ? StreamPlan.Break.CUT_CLEAN : StreamPlan.Break.CUT, after), spec);
            case STALL -> respond(answer, StreamPlan.breakAfter(StreamPlan.Break.STALL, after), spec);
            case PINGS_ONLY -> respond(answer, new StreamPlan(StreamPlan.Break.PINGS, after, 0,
                    Math.max(1, spec.number("interval_ms", 1000)), true), spec);
            case MALFORMED -> respond(answer, StreamPlan.breakAfter(StreamPlan.Break.MALFORMED, after), spec);
            case LENGTH -> respond(answer.cutAfter(after), StreamPlan.HEALTHY, spec);
            case NO_DONE -> respond(answer, new StreamPlan(StreamPlan.Break.NONE, 0, 0, 0, false), spec);
            case CONTEXT_LENGTH -> error(SimError.contextLength(wire, req.inputTokens()));
            case CONTENT_POLICY -> error(SimError.contentPolicy(wire));
            case CONTENT_FILTER, CONTENT_FILTER_TOOL ->
                    respond(answer, StreamPlan.breakAfter(StreamPlan.Break.FILTER, after), spec);
            case AUTH_ERROR -> error(SimError.authFault(wire));
            case NO_PREFILL -> {
                if (req.prefill() != null) error(SimError.noPrefill(wire));
                else respond(answer, StreamPlan.HEALTHY, spec);
            }
            case ENDLESS -> endless(spec, answer, after);
            case DOWN -> {
                long now = options.clock().nanoTime();
                long since = state.firstSeenNanos(stateKey, now);
                if ((now - since) / 1_000_000L < spec.number("ms", 60_000)) error(SimError.overloaded(wire, 503));
                else respond(answer, StreamPlan.HEALTHY, spec);
            }
        }
    }

    private void error(SimError e) throws IOException {
        reject(out, entry, e);
    }

    /** Answers with an error response and logs its status as the outcome. */
    static void reject(OutputStream out, AttemptLog.Entry entry, SimError e) throws IOException {
        entry.outcome(Integer.toString(e.status()));
        RawHttp.writeJson(out, e.status(), e.headers(), e.body());
    }

    private void respond(Answer answer, StreamPlan plan, FaultSpec spec) throws IOException, InterruptedException {
        SseEncoder enc = SseEncoder.forWire(wire, entry.seq(), req.model(), req.inputTokens(), req.includeUsage());
        if (req.stream()) stream(enc, answer, plan, spec.number("chunk_delay_ms", 2));
        else whole(enc, answer, plan);
    }

    private void stream(SseEncoder enc, Answer answer, StreamPlan plan, long chunkDelayMs)
            throws IOException, InterruptedException {
        RawHttp.writeStreamHead(out);
        if (plan.firstDelayMs() > 0) {
            entry.outcome("waiting " + plan.firstDelayMs() + " ms before the first event");
            sleep(plan.firstDelayMs());
        }
        send(enc.start());
        int sent = 0;
        boolean broken = false;
        for (Piece p : answer.pieces()) {
            if (!broken && p.isContent() && sent == plan.after()) {
                broken = true;
                if (breakStream(enc, plan, sent)) return;
            }
            send(enc.piece(p));
            if (p.isContent()) {
                sent++;
                sleep(chunkDelayMs);
            }
        }
        // a break point at or beyond the last chunk still happens, before the finish events
        if (!broken && breakStream(enc, plan, sent)) return;
        send(enc.finish(answer));
        if (plan.terminal()) send(List.of(enc.terminal()));
        // logged before the body ends, so a client that has the whole answer also sees the outcome
        entry.outcome(plan.terminal() ? answer.outcome() : "completed without terminal event");
        RawHttp.writeLastChunk(out);
    }

    /**
     * A hostile provider: {@code after} content chunks of the answer, then the same delta of
     * {@code delta_words} words forever (answer text, or with {@code tool=true} the arguments of a
     * {@code write_file} call that never closes), as fast as the client reads unless
     * {@code chunk_delay_ms} is given. Ends only when the client or the server closes.
     */
    private void endless(FaultSpec spec, Answer answer, int after) throws IOException, InterruptedException {
        String delta = "word ".repeat(Math.max(1, spec.count("delta_words", 200)));
        long delayMs = spec.has("chunk_delay_ms") ? spec.number("chunk_delay_ms", 0) : 0;
        entry.outcome("endless after " + after + (after == 1 ? " chunk" : " chunks"));
        if (!req.stream()) {
            RawHttp.writeStreamHead(out);
            RawHttp.writeChunk(out, "{\"choices\":[{\"message\":{\"role\":\"assistant\",\"content\":\"");
            while (true) {
                RawHttp.writeChunk(out, delta);
                sleep(delayMs);
            }
        }
        SseEncoder enc = SseEncoder.forWire(wire, entry.seq(), req.model(), req.inputTokens(), req.includeUsage());
        RawHttp.writeStreamHead(out);
        send(enc.start());
        int sent = 0;
        for (Piece p : answer.pieces()) {
            if (p.isContent() && sent == after) break;
            send(enc.piece(p));
            if (p.isContent()) sent++;
        }
        boolean tool = spec.flag("tool");
        if (tool) send(enc.piece(new Piece.ToolStart(99, "call_sim_endless", "write_file")));
        Piece piece = tool ? new Piece.ToolArgs(99, delta) : new Piece.Text(delta);
        List<String> events = enc.piece(piece);
        while (true) {
            send(events);
            sleep(delayMs);
        }
    }

    /** Applies the plan's break after {@code sent} chunks; true when the stream must end here. */
    private boolean breakStream(SseEncoder enc, StreamPlan plan, int sent) throws IOException, InterruptedException {
        String at = " after " + sent + (sent == 1 ? " chunk" : " chunks");
        switch (plan.brk()) {
            case NONE -> {
                return false;
            }
            case MALFORMED -> {
                entry.outcome("malformed event" + at);
                send(List.of(enc.malformed()));
                return false;
            }
            case CUT -> {
                entry.outcome("cut" + at);
                socket.close();
            }
            case CUT_CLEAN -> {
                entry.outcome("cut" + at + " (body ended cleanly)");
                RawHttp.writeLastChunk(out);
            }
            case STALL -> {
                entry.outcome("stalled" + at);
                holdUntilClosed();
            }
            case PINGS -> {
                entry.outcome("pings only" + at);
                while (true) {
                    sleep(plan.pingIntervalMs());
                    send(List.of(enc.ping()));
                }
            }
            case FILTER -> {
                entry.outcome("content filter (1027)" + at);
                send(List.of(enc.contentFilter()));
                RawHttp.writeLastChunk(out);
            }
        }
        return true;
    }

    /** Non-streamed answers: a stream break becomes a cut, stalled, broken or filtered body. */
    private void whole(SseEncoder enc, Answer answer, StreamPlan plan) throws IOException, InterruptedException {
        if (plan.firstDelayMs() > 0) sleep(plan.firstDelayMs());
        byte[] body = enc.completeBody(answer).getBytes(StandardCharsets.UTF_8);
        byte[] half = java.util.Arrays.copyOf(body, body.length / 2);
        switch (plan.brk()) {
            case NONE -> {
                entry.outcome(answer.outcome());
                RawHttp.writeFull(out, 200, Map.of(), "application/json", body);
            }
            case CUT, CUT_CLEAN -> {
                RawHttp.writeHead(out, 200, Map.of(), "application/json", body.length);
                out.write(half);
                out.flush();
                entry.outcome("cut mid-body");
                socket.close();
            }
            case STALL, PINGS -> {
                RawHttp.writeHead(out, 200, Map.of(), "application/json", body.length);
                out.write(half);
                out.flush();
                entry.outcome("stalled mid-body");
                holdUntilClosed();
            }
            case MALFORMED -> {
                RawHttp.writeFull(out, 200, Map.of(), "application/json", half);
                entry.outcome("malformed body");
            }
            case FILTER -> {
                RawHttp.writeJson(out, 200, Map.of(), enc.contentFilterBody());
                entry.outcome("content filter (1027)");
            }
        }
    }

    private void send(List<String> events) throws IOException {
        for (String e : events) RawHttp.writeChunk(out, e);
    }

    private void sleep(long ms) throws InterruptedException {
        if (ms > 0) options.sleeper().sleep(Duration.ofMillis(ms));
    }

    /** Keeps the socket open, reading (and discarding) until the client or the server closes it. */
    private void holdUntilClosed() throws IOException {
        byte[] sink = new byte[1024];
        while (in.read(sink) >= 0) {
            // a client has nothing more to say on this connection; keep draining until it hangs up
        }
    }

    /** Ids for tool calls: stable per turn so a retried request sees the same ids. */
    static List<Answer.Call> calls(WireApi wire, int turn, List<SimScript.ToolCall> specs) {
        String prefix = wire == WireApi.ANTHROPIC_MESSAGES ? "toolu_sim_" : "call_sim_";
        List<Answer.Call> out = new ArrayList<>();
        for (int i = 0; i < specs.size(); i++) {
            SimScript.ToolCall c = specs.get(i);
            out.add(new Answer.Call(prefix + turn + "_" + i, c.name(), c.argumentsText()));
        }
        return out;
    }
}

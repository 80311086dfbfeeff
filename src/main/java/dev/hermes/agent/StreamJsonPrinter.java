package dev.hermes.agent;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hermes.failover.AttemptRecord;
import dev.hermes.llm.ContentBlock;
import dev.hermes.llm.Usage;

import java.io.PrintWriter;

/**
 * {@code --format stream-json}: one JSON object per line on stdout, flushed at once, for scripts.
 * Types: {@code text}, {@code reasoning}, {@code restart}, {@code status}, {@code tool_call},
 * {@code tool_result}, {@code final}, {@code error}; docs/agent.md has the fields. Every string
 * value is redacted. Exactly one {@code final} or {@code error} line ends each run.
 */
public final class StreamJsonPrinter implements AgentObserver {

    /** Tool result content beyond this many characters is cut ({@code "truncated": true}). */
    public static final int RESULT_CAP = 4000;

    private final PrintWriter out;
    private final String sessionId;

    public StreamJsonPrinter(PrintWriter out, String sessionId) {
        this.out = out;
        this.sessionId = sessionId;
    }

    @Override
    public void text(String delta) {
        emit(SessionCodec.line("text").put("text", delta));
    }

    @Override
    public void reasoning(String delta) {
        emit(SessionCodec.line("reasoning").put("text", delta));
    }

    @Override
    public void restart(String why) {
        emit(SessionCodec.line("restart").put("reason", why));
    }

    @Override
    public void status(String line) {
        emit(SessionCodec.line("status").put("message", line));
    }

    @Override
    public void toolCallStarted(ContentBlock.ToolUse call) {
        emit(SessionCodec.line("tool_call").put("id", call.id()).put("name", call.name()).put("arguments", call.argumentsJson()));
    }

    @Override
    public void toolResult(ContentBlock.ToolUse call, ContentBlock.ToolResult result) {
        String content = result.content();
        boolean cut = content.length() > RESULT_CAP;
        emit(SessionCodec.line("tool_result").put("id", result.toolUseId()).put("name", call.name())
                .put("is_error", result.isError()).put("content", cut ? content.substring(0, RESULT_CAP) : content)
                .put("truncated", cut));
    }

    @Override
    public void finished(Outcome outcome) {
        switch (outcome) {
            case Outcome.Answered a -> {
                ObjectNode n = SessionCodec.line("final").put("text", a.text()).put("provider", a.provider())
                        .put("model", a.model());
                usage(n.putObject("usage"), a.usage());
                emit(n.put("session", sessionId));
            }
            case Outcome.GaveUp g -> {
                ObjectNode n = SessionCodec.line("error").put("kind", g.rateLimited() ? "rate_limited" : "gave_up")
                        .put("message", g.message());
                var attempts = n.putArray("attempts");
                for (AttemptRecord r : g.attempts()) {
                    attempts.addObject().put("route", r.route()).put("reason", r.reason() == null ? "answered" : r.reason().id())
                            .put("detail", r.detail()).put("elapsed_ms", r.elapsed().toMillis());
                }
                emit(n.put("session", sessionId));
            }
            case Outcome.MaxTurns m -> {
                ObjectNode n = SessionCodec.line("error").put("kind", "max_turns")
                        .put("message", "stopped after " + m.turns() + " model calls without a final answer (max turns)");
                n.putArray("attempts");
                emit(n.put("session", sessionId));
            }
            case Outcome.Interrupted i -> {
                ObjectNode n = SessionCodec.line("error").put("kind", "interrupted")
                        .put("message", "interrupted during " + i.during());
                n.putArray("attempts");
                emit(n.put("session", sessionId));
            }
        }
    }

    private static void usage(ObjectNode n, Usage u) {
        n.put("input_tokens", u.inputTokens()).put("output_tokens", u.outputTokens())
                .put("cache_read_tokens", u.cacheReadTokens()).put("cache_write_tokens", u.cacheWriteTokens())
                .put("reasoning_tokens", u.reasoningTokens());
    }

    private void emit(ObjectNode node) {
        out.println(SessionCodec.encode(node));
        out.flush();
    }
}

package dev.hermes.agent;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hermes.failover.AttemptRecord;
import dev.hermes.llm.ContentBlock;
import dev.hermes.llm.FinishReason;
import dev.hermes.llm.Message;
import dev.hermes.llm.Usage;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;

/**
 * Appends a session's lines to {@code <sessions>/<id>.jsonl}: each line is written with one
 * write and forced to disk before the call returns, so a crash loses at most the line being
 * written (a torn last line, which {@link SessionStore#load} skips). Write failures are reported
 * once on stderr and otherwise ignored: losing the record must not end the conversation.
 *
 * <p>A writer holds the session's lock (a file lock on {@code .<id>.lock} beside the session)
 * from creation to {@link #close}, so a second writer of the same session, in this process or
 * another, is refused instead of interleaving its lines. Thread-safe (writes are serialized); the
 * owner closes it.
 */
public final class SessionWriter implements Transcript, AutoCloseable {

    private final String id;
    private final Path file;
    private final FileChannel channel;
    private final FileChannel lockChannel;
    private final Clock clock;
    private final PrintStream complaints;
    private boolean complained;

    /**
     * Takes the session's lock first, so two processes never append to one session.
     *
     * @throws SessionStore.SessionBusyException when the lock is held elsewhere
     */
    SessionWriter(String id, Path file, Path lockFile, Clock clock, PrintStream complaints) throws IOException {
        this.id = id;
        this.file = file;
        this.clock = clock;
        this.complaints = complaints;
        this.lockChannel = lock(id, lockFile);
        try {
            this.channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            lockChannel.close();
            throw e;
        }
    }

    /** An open channel holding the lock on {@code lockFile}; released when it is closed or the process ends. */
    private static FileChannel lock(String id, Path lockFile) throws IOException {
        FileChannel lock = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        boolean held;
        try {
            held = lock.tryLock() != null;
        } catch (OverlappingFileLockException e) {
            held = false; // this process has it open already
        } catch (IOException e) {
            lock.close();
            throw e;
        }
        if (!held) {
            lock.close();
            throw new SessionStore.SessionBusyException("session " + id + " is in use by another hermes process (a chat"
                    + " writing it, or another --resume of it); wait until that one ends, or start a new session");
        }
        return lock;
    }

    public String id() {
        return id;
    }

    public Path file() {
        return file;
    }

    void meta(String event, String provider, String model, Path workspace) {
        ObjectNode n = SessionCodec.line("meta").put("event", event).put("version", 1).put("session", id);
        if (provider != null) n.put("provider", provider);
        if (model != null) n.put("model", model);
        if (workspace != null) n.put("workspace", workspace.toString());
        write(n);
    }

    @Override
    public void message(Message message, String provider, String model) {
        ObjectNode n = SessionCodec.message(message);
        if (provider != null) n.put("provider", provider);
        if (model != null) n.put("model", model);
        write(n);
    }

    @Override
    public void toolCall(ContentBlock.ToolUse call) {
        write(SessionCodec.line("tool_call").put("id", call.id()).put("name", call.name()).put("arguments", call.argumentsJson()));
    }

    @Override
    public void toolResult(ContentBlock.ToolUse call, ContentBlock.ToolResult result, Duration elapsed) {
        write(SessionCodec.line("tool_result").put("id", result.toolUseId()).put("name", call.name())
                .put("is_error", result.isError()).put("content", result.content()).put("elapsed_ms", elapsed.toMillis()));
    }

    @Override
    public void usage(String provider, String model, Usage usage, FinishReason finish) {
        write(SessionCodec.line("usage").put("provider", provider).put("model", model)
                .put("finish", finish.name().toLowerCase(Locale.ROOT)).put("input_tokens", usage.inputTokens())
                .put("output_tokens", usage.outputTokens()).put("cache_read_tokens", usage.cacheReadTokens())
                .put("cache_write_tokens", usage.cacheWriteTokens()).put("reasoning_tokens", usage.reasoningTokens()));
    }

    @Override
    public void attempt(AttemptRecord a) {
        write(SessionCodec.line("attempt").put("route", a.route())
                .put("reason", a.reason() == null ? "answered" : a.reason().id()).put("detail", a.detail())
                .put("elapsed_ms", a.elapsed().toMillis()));
    }

    @Override
    public void compaction(int shortened) {
        write(SessionCodec.line("compaction").put("shortened", shortened));
    }

    @Override
    public void compression(ProactiveCompressor.Done.Summarised done) {
        write(SessionCodec.line("compression").put("from", done.from()).put("replaced", done.replaced())
                .put("summary", done.summary().text()).put("tokens_before", done.tokensBefore())
                .put("tokens_after", done.tokensAfter()));
    }

    @Override
    public void error(String message) {
        write(SessionCodec.line("error").put("message", message));
    }

    @Override
    public void outcome(Outcome outcome) {
        ObjectNode n = SessionCodec.line("outcome");
        switch (outcome) {
            case Outcome.Answered a -> n.put("kind", "answered").put("provider", a.provider()).put("model", a.model());
            case Outcome.GaveUp g -> n.put("kind", "gave_up").put("message", g.message());
            case Outcome.MaxTurns m -> n.put("kind", "max_turns").put("turns", m.turns());
            case Outcome.Interrupted i -> n.put("kind", "interrupted").put("during", i.during());
        }
        write(n);
    }

    private synchronized void write(ObjectNode node) {
        node.put("time", clock.instant().toString());
        byte[] bytes = (SessionCodec.encode(node) + "\n").getBytes(StandardCharsets.UTF_8);
        try {
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            while (buffer.hasRemaining()) channel.write(buffer);
            channel.force(false);
        } catch (IOException e) {
            if (!complained) {
                complained = true;
                complaints.println("hermes: cannot write session " + file + ": " + e.getMessage()
                        + " (the conversation goes on, unrecorded)");
            }
        }
    }

    @Override
    public synchronized void close() {
        try {
            channel.close();
        } catch (IOException ignored) {
            // every line was already forced to disk
        }
        try {
            lockChannel.close(); // releases the lock
        } catch (IOException ignored) {
            // the lock goes with the process anyway
        }
    }
}

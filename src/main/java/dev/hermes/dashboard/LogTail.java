package dev.hermes.dashboard;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** Reads a worker log in bounded pieces, so the page can follow it live without reading it whole. */
final class LogTail {

    /** Text read, and the offset to ask from next time. */
    record Chunk(String text, long next) {
    }

    /** The most a first look shows: the end of the log. */
    static final int TAIL_BYTES = 16 * 1024;
    /** The most one follow-up read returns. */
    static final int MAX_BYTES = 64 * 1024;

    private LogTail() {
    }

    /** From {@code from} (or the last {@link #TAIL_BYTES} when negative); a missing log reads as empty. */
    static Chunk read(Path log, long from) {
        try (FileChannel ch = FileChannel.open(log, StandardOpenOption.READ)) {
            long size = ch.size();
            long start = from < 0 ? Math.max(0, size - TAIL_BYTES) : Math.min(from, size);
            int length = (int) Math.min(MAX_BYTES, size - start);
            ByteBuffer buf = ByteBuffer.allocate(length);
            while (buf.hasRemaining() && ch.read(buf, start + buf.position()) > 0) {
                // read until the buffer is full or the file ends
            }
            buf.flip();
            // a read may cut a character: the decoder replaces it, and the next read goes on from the byte
            String text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPLACE)
                    .onUnmappableCharacter(CodingErrorAction.REPLACE).decode(buf).toString();
            return new Chunk(text, start + length);
        } catch (NoSuchFileException e) {
            return new Chunk("", 0);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + log, e);
        }
    }
}

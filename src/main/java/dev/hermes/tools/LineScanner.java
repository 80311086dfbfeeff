package dev.hermes.tools;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.function.BooleanSupplier;

/**
 * The {@code \n}-separated lines of a byte stream, read in fixed-size chunks: of each line at most
 * {@code keepBytes} are kept, so a line of any length (a 2.5 GB log without a line break) costs
 * bounded memory. A {@code \r} before the line break is dropped; a last line without a line break
 * counts. Not thread-safe.
 */
final class LineScanner {

    private static final int CHUNK = 64 * 1024;

    private final InputStream in;
    private final int keepBytes;
    private final BooleanSupplier stop;
    private final byte[] chunk = new byte[CHUNK];
    private int pos;
    private int end;
    private boolean eof;
    private long consumed;
    private long budget = Long.MAX_VALUE;
    private boolean exhausted;
    private byte[] line = new byte[256];
    private int lineLength;
    private boolean cut;

    /**
     * @param stop checked before each chunk is read; when true the scan ends with a
     *             {@link ToolException} (Ctrl-C or the tool deadline)
     */
    LineScanner(InputStream in, int keepBytes, BooleanSupplier stop) {
        this.in = in;
        this.keepBytes = keepBytes;
        this.stop = stop;
    }

    /**
     * Moves to the next line, keeping its first bytes when {@code keep}. Returns false at the end
     * of the stream.
     */
    boolean next(boolean keep) throws IOException, ToolException {
        lineLength = 0;
        cut = false;
        boolean any = false;
        while (true) {
            if (pos == end && !fill()) return any;
            any = true;
            int from = pos;
            while (pos < end && chunk[pos] != '\n') pos++;
            if (keep) append(from, pos - from);
            consumed += pos - from;
            if (pos < end) { // the line break
                pos++;
                consumed++;
                if (keep && !cut && lineLength > 0 && line[lineLength - 1] == '\r') lineLength--;
                return true;
            }
        }
    }

    /** The kept bytes of the current line. */
    byte[] bytes() {
        return Arrays.copyOf(line, lineLength);
    }

    /** True when the current line was longer than the bytes kept of it. */
    boolean cut() {
        return cut;
    }

    /**
     * Stops the scan once {@code maxConsumed} bytes have been consumed (give or take a chunk), as
     * if the stream ended there, possibly inside a line; {@link #exhausted} then says so.
     */
    void budget(long maxConsumed) {
        budget = maxConsumed;
    }

    /** True when the scan ended at the budget rather than at the end of the stream. */
    boolean exhausted() {
        return exhausted;
    }

    /** Bytes consumed so far, line breaks included. */
    long consumed() {
        return consumed;
    }

    private boolean fill() throws IOException, ToolException {
        if (eof || exhausted) return false;
        if (consumed >= budget) {
            exhausted = true;
            return false;
        }
        if (stop.getAsBoolean()) throw new ToolException("stopped while reading (cancelled or past the tool deadline)");
        int n = in.read(chunk, 0, CHUNK);
        if (n < 0) {
            eof = true;
            return false;
        }
        pos = 0;
        end = n;
        return true;
    }

    private void append(int from, int length) {
        int room = keepBytes - lineLength;
        if (length > room) cut = true;
        int take = Math.min(length, room);
        if (take <= 0) return;
        if (lineLength + take > line.length) line = Arrays.copyOf(line, Math.max(line.length * 2, lineLength + take));
        System.arraycopy(chunk, from, line, lineLength, take);
        lineLength += take;
    }
}

package dev.hermes.stream;


import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads Server-Sent Events from raw bytes, following the WHATWG event-stream rules.
 *
 * <ul>
 *   <li>Lines end with LF, CR or CRLF, including a CR at the end of one read whose LF comes in
 *       the next.</li>
 *   <li>Lines are decoded from whole byte lines as UTF-8, so a character split across reads is
 *       decoded correctly. A byte-order mark at the very start is skipped.</li>
 *   <li>Fields: {@code event}, {@code data} (several lines joined with "\n"), {@code id};
 *       {@code retry} and unknown fields are ignored. One space after the colon is stripped; a
 *       line without a colon is a field with an empty value.</li>
 *   <li>An event is dispatched at a blank line, and only when it had at least one {@code data}
 *       line. Comments ({@code :...}) are returned as {@link SseItem.Comment} so a watchdog sees
 *       keep-alives.</li>
 *   <li>At end of input an event not yet terminated by a blank line is discarded, as the spec
 *       requires: a body cut mid-event must not look like a complete event.</li>
 * </ul>
 *
 * <p>Every successful read is reported to {@link AttemptListener#bytesReceived}, before parsing,
 * so a liveness timer sees raw bytes even when they do not complete a line.
 *
 * <p>Not thread-safe: one reading thread. The caller owns and closes the input stream.
 */
public final class SseReader {

    /** Longest line accepted by default. A longer line is an error rather than unbounded memory. */
    public static final int DEFAULT_MAX_LINE_BYTES = 8 * 1024 * 1024;

    private static final int READ_SIZE = 8192;

    private final InputStream in;
    private final AttemptListener listener;
    private final int maxLineBytes;
    private final byte[] buffer = new byte[READ_SIZE];
    private int pos;
    private int limit;
    private byte[] line = new byte[256];
    private int lineLength;
    private boolean lastWasCr;
    private boolean atStart = true;
    private boolean eof;

    /** The first data line of the current event; most events have only one, which then needs no copy. */
    private String firstData;
    /** All data lines joined, once a second one arrived. */
    private final StringBuilder data = new StringBuilder();
    private int dataLines;
    private String eventType = "";
    private String lastEventId;

    public SseReader(InputStream in, AttemptListener listener) {
        this(in, listener, DEFAULT_MAX_LINE_BYTES);
    }

    public SseReader(InputStream in, AttemptListener listener, int maxLineBytes) {
        if (maxLineBytes < 1) throw new IllegalArgumentException("maxLineBytes must be positive: " + maxLineBytes);
        this.in = in;
        this.listener = listener == null ? AttemptListener.NONE : listener;
        this.maxLineBytes = maxLineBytes;
    }

    /**
     * Blocks until the next event or comment.
     *
     * @return the next item, or null at end of input
     * @throws MalformedStreamException when a line exceeds the length cap
     * @throws IOException              when reading fails
     */
    public SseItem next() throws IOException {
        while (nextLine()) {
            SseItem item = processLine(lineStart(), lineLength);
            lineLength = 0;
            if (item != null) return item;
        }
        return null;
    }

    // The line is parsed as bytes and only values are decoded: ':' and ' ' are ASCII, which UTF-8
    // never uses inside a multi-byte character, so splitting at their bytes splits the same text.
    private SseItem processLine(int from, int to) {
        if (from == to) return dispatch();
        if (line[from] == ':') return new SseItem.Comment(text(skipOneSpace(from + 1, to), to));
        int colon = indexOf(':', from, to);
        int fieldEnd = colon < 0 ? to : colon;
        int valueFrom = colon < 0 ? to : skipOneSpace(colon + 1, to);
        if (fieldIs(DATA, from, fieldEnd)) {
            String value = text(valueFrom, to);
            if (dataLines == 0) {
                firstData = value;
            } else {
                if (dataLines == 1) {
                    data.setLength(0);
                    data.append(firstData);
                }
                data.append('\n').append(value);
            }
            dataLines++;
        } else if (fieldIs(EVENT, from, fieldEnd)) {
            eventType = text(valueFrom, to);
        } else if (fieldIs(ID, from, fieldEnd)) {
            // An id containing NUL is ignored by the spec, so a broken server cannot poison Last-Event-ID.
            if (indexOf('\0', valueFrom, to) < 0) lastEventId = text(valueFrom, to);
        }
        // "retry" and unknown fields: nothing to do for a one-shot client
        return null;
    }

    private static final byte[] DATA = {'d', 'a', 't', 'a'};
    private static final byte[] EVENT = {'e', 'v', 'e', 'n', 't'};
    private static final byte[] ID = {'i', 'd'};

    private boolean fieldIs(byte[] name, int from, int to) {
        return Arrays.equals(line, from, to, name, 0, name.length);
    }

    private int indexOf(char c, int from, int to) {
        for (int i = from; i < to; i++) {
            if (line[i] == c) return i;
        }
        return -1;
    }

    private int skipOneSpace(int from, int to) {
        return from < to && line[from] == ' ' ? from + 1 : from;
    }

    private String text(int from, int to) {
        return new String(line, from, to - from, StandardCharsets.UTF_8);
    }

    private SseItem dispatch() {
        if (dataLines == 0) {
            eventType = "";
            return null;
        }
        String payload = dataLines == 1 ? firstData : data.toString();
        SseItem.Event event = new SseItem.Event(eventType.isEmpty() ? "message" : eventType, payload, lastEventId);
        firstData = null;
        dataLines = 0;
        eventType = "";
        return event;
    }

    /**
     * Collects the next complete line into {@code line[0, lineLength)}, without its terminator.
     * False at end of input (a partial line is dropped).
     */
    private boolean nextLine() throws IOException {
        while (true) {
            if (lastWasCr && pos < limit) {
                lastWasCr = false;
                if (buffer[pos] == '\n') pos++; // the LF of a CRLF whose CR ended the previous line
            }
            int end = pos;
            while (end < limit && buffer[end] != '\n' && buffer[end] != '\r') end++;
            appendToLine(pos, end);
            if (end < limit) {
                lastWasCr = buffer[end] == '\r';
                pos = end + 1;
                return true;
            }
            pos = limit;
            if (eof || !fill()) return false;
        }
    }

    private boolean fill() throws IOException {
        int n = in.read(buffer, 0, READ_SIZE);
        if (n < 0) {
            eof = true;
            return false;
        }
        listener.bytesReceived(n);
        pos = 0;
        limit = n;
        return true;
    }

    private void appendToLine(int from, int to) throws MalformedStreamException {
        int n = to - from;
        if (n == 0) return;
        if (n > maxLineBytes - lineLength) {
            int keep = Math.min(lineLength, 200);
            byte[] excerpt = Arrays.copyOf(line, Math.min(200, keep + n));
            System.arraycopy(buffer, from, excerpt, keep, excerpt.length - keep);
            throw new MalformedStreamException("SSE line longer than " + maxLineBytes + " bytes",
                    new String(excerpt, StandardCharsets.UTF_8), null);
        }
        if (lineLength + n > line.length) {
            line = Arrays.copyOf(line, (int) Math.min(maxLineBytes, Math.max(2L * line.length, lineLength + n)));
        }
        System.arraycopy(buffer, from, line, lineLength, n);
        lineLength += n;
    }

    /** Where the current line's text starts: past a byte-order mark at the very start of the stream. */
    private int lineStart() {
        if (!atStart) return 0;
        atStart = false;
        boolean bom = lineLength >= 3 && (line[0] & 0xFF) == 0xEF && (line[1] & 0xFF) == 0xBB
                && (line[2] & 0xFF) == 0xBF;
        return bom ? 3 : 0;
    }
}

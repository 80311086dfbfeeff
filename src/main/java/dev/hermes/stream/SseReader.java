package dev.hermes.stream;

import dev.hermes.provider.AttemptListener;
import dev.hermes.provider.MalformedStreamException;

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

    private final StringBuilder data = new StringBuilder();
    private boolean hasData;
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
        while (true) {
            String text = nextLine();
            if (text == null) return null;
            SseItem item = processLine(text);
            if (item != null) return item;
        }
    }

    private SseItem processLine(String text) {
        if (text.isEmpty()) return dispatch();
        if (text.charAt(0) == ':') return new SseItem.Comment(stripOneSpace(text.substring(1)));
        int colon = text.indexOf(':');
        String field = colon < 0 ? text : text.substring(0, colon);
        String value = colon < 0 ? "" : stripOneSpace(text.substring(colon + 1));
        switch (field) {
            case "data" -> {
                if (hasData) data.append('\n');
                data.append(value);
                hasData = true;
            }
            case "event" -> eventType = value;
            // An id containing NUL is ignored by the spec, so a broken server cannot poison Last-Event-ID.
            case "id" -> lastEventId = value.indexOf('\0') >= 0 ? lastEventId : value;
            default -> {
                // "retry" and unknown fields: nothing to do for a one-shot client
            }
        }
        return null;
    }

    private SseItem dispatch() {
        if (!hasData) {
            eventType = "";
            return null;
        }
        SseItem.Event event = new SseItem.Event(eventType.isEmpty() ? "message" : eventType, data.toString(), lastEventId);
        data.setLength(0);
        hasData = false;
        eventType = "";
        return event;
    }

    private static String stripOneSpace(String value) {
        return !value.isEmpty() && value.charAt(0) == ' ' ? value.substring(1) : value;
    }

    /** The next complete line without its terminator, or null at end of input (a partial line is dropped). */
    private String nextLine() throws IOException {
        while (true) {
            while (pos < limit) {
                byte b = buffer[pos++];
                if (lastWasCr) {
                    lastWasCr = false;
                    if (b == '\n') continue; // the LF of a CRLF whose CR ended the previous line
                }
                if (b == '\n' || b == '\r') {
                    lastWasCr = b == '\r';
                    return takeLine();
                }
                appendToLine(b);
            }
            if (eof || !fill()) return null;
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

    private void appendToLine(byte b) throws MalformedStreamException {
        if (lineLength == maxLineBytes) {
            String excerpt = new String(line, 0, Math.min(lineLength, 200), StandardCharsets.UTF_8);
            throw new MalformedStreamException("SSE line longer than " + maxLineBytes + " bytes", excerpt, null);
        }
        if (lineLength == line.length) {
            line = Arrays.copyOf(line, (int) Math.min((long) maxLineBytes, 2L * line.length));
        }
        line[lineLength++] = b;
    }

    private String takeLine() {
        int start = 0;
        if (atStart) {
            atStart = false;
            if (lineLength >= 3 && (line[0] & 0xFF) == 0xEF && (line[1] & 0xFF) == 0xBB && (line[2] & 0xFF) == 0xBF) {
                start = 3;
            }
        }
        String text = new String(line, start, lineLength - start, StandardCharsets.UTF_8);
        lineLength = 0;
        return text;
    }
}

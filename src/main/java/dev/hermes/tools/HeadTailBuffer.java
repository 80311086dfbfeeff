package dev.hermes.tools;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Keeps the first and the last bytes of an unbounded output, counting what falls in between:
 * the start of a build log says what ran, the end says how it failed. Thread-safe.
 */
final class HeadTailBuffer {

    private final int headCap;
    private final ByteArrayOutputStream head = new ByteArrayOutputStream();
    private final byte[] tail;
    private int tailStart;
    private int tailLength;
    private long dropped;

    HeadTailBuffer(int headCap, int tailCap) {
        this.headCap = headCap;
        this.tail = new byte[tailCap];
    }

    synchronized void write(byte[] bytes, int offset, int length) {
        int toHead = Math.min(length, headCap - head.size());
        head.write(bytes, offset, toHead);
        for (int i = offset + toHead; i < offset + length; i++) {
            if (tail.length == 0) {
                dropped++;
                continue;
            }
            if (tailLength == tail.length) {
                tailStart = (tailStart + 1) % tail.length;
                tailLength--;
                dropped++;
            }
            tail[(tailStart + tailLength) % tail.length] = bytes[i];
            tailLength++;
        }
    }

    /** The kept text, with a "[truncated N bytes]" line where bytes were dropped. */
    synchronized String text() {
        byte[] first = head.toByteArray();
        byte[] last = new byte[tailLength];
        for (int i = 0; i < tailLength; i++) last[i] = tail[(tailStart + i) % tail.length];
        if (dropped == 0) {
            byte[] all = new byte[first.length + last.length];
            System.arraycopy(first, 0, all, 0, first.length);
            System.arraycopy(last, 0, all, first.length, last.length);
            return new String(all, StandardCharsets.UTF_8);
        }
        int headEnd = Utf8.safeEnd(first, first.length);
        int tailStartAt = Utf8.safeStart(last, 0);
        long cut = dropped + (first.length - headEnd) + tailStartAt;
        return new String(first, 0, headEnd, StandardCharsets.UTF_8)
                + "\n[truncated " + cut + " bytes]\n"
                + new String(last, tailStartAt, last.length - tailStartAt, StandardCharsets.UTF_8);
    }
}

package dev.hermes.tools;

import java.nio.charset.StandardCharsets;

/** Byte-level helpers so caps never cut a UTF-8 character in half. */
final class Utf8 {

    private Utf8() {
    }

    static int length(String text) {
        return text.getBytes(StandardCharsets.UTF_8).length;
    }

    /** The largest end index {@code <= end} that does not split a multi-byte character. */
    static int safeEnd(byte[] bytes, int end) {
        int e = Math.min(end, bytes.length);
        while (e > 0 && e < bytes.length && isContinuation(bytes[e])) e--;
        return e;
    }

    /** The smallest start index {@code >= start} that does not begin inside a multi-byte character. */
    static int safeStart(byte[] bytes, int start) {
        int s = Math.max(0, start);
        while (s < bytes.length && isContinuation(bytes[s])) s++;
        return s;
    }

    /** Keeps the first {@code maxBytes} of the text, then a marker saying how many bytes were dropped. */
    static String capHead(String text, int maxBytes) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        if (bytes.length <= maxBytes) return text;
        int end = safeEnd(bytes, maxBytes);
        return new String(bytes, 0, end, StandardCharsets.UTF_8) + "\n[truncated " + (bytes.length - end) + " bytes]";
    }

    private static boolean isContinuation(byte b) {
        return (b & 0xC0) == 0x80;
    }
}

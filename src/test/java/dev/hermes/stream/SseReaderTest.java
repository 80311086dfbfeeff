package dev.hermes.stream;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SseReaderTest {

    private static SseItem.Event data(String data) {
        return new SseItem.Event("message", data, null);
    }

    private static List<SseItem> read(String... parts) throws Exception {
        try (SplitWriteStream stream = SplitWriteStream.ofStrings(parts)) {
            List<SseItem> items = stream.readAll();
            assertThat(stream.reads.get()).as("each part arrived in its own read").isGreaterThanOrEqualTo(parts.length);
            return items;
        }
    }

    @Test
    void lfCrAndCrlfLineEndsAllFrameEvents() throws Exception {
        assertThat(read("data: a\n\n")).containsExactly(data("a"));
        assertThat(read("data: b\r\r")).containsExactly(data("b"));
        assertThat(read("data: c\r\n\r\n")).containsExactly(data("c"));
        assertThat(read("data: d\r\ndata: e\rdata: f\n\r\n")).containsExactly(data("d\ne\nf"));
    }

    @Test
    void crAtTheEndOfOneReadAndLfAtTheStartOfTheNextIsOneLineEnd() throws Exception {
        // Were the LF taken as a second line end, "x" would be dispatched alone and "y" would be lost.
        assertThat(read("data: x\r", "\ndata: y\r", "\n\r", "\n")).containsExactly(data("x\ny"));
    }

    @Test
    void crThenCrAcrossReadsIsABlankLine() throws Exception {
        assertThat(read("data: 1\r", "\rdata: 2\r\r")).containsExactly(data("1"), data("2"));
    }

    @Test
    void eventNameIdAndMultiLineDataAreKept() throws Exception {
        List<SseItem> items = read("event: message_start\nid: 7\ndata: {\"a\":\ndata:  1}\n\n", "data: next\n\n");
        assertThat(items).containsExactly(
                new SseItem.Event("message_start", "{\"a\":\n 1}", "7"),
                new SseItem.Event("message", "next", "7"));
    }

    @Test
    void commentsAreSurfacedAndRetryAndUnknownFieldsIgnored() throws Exception {
        List<SseItem> items = read(": keep-alive\n", ":\n", "retry: 10\nfoo: bar\ndata:x\n\n");
        assertThat(items).containsExactly(new SseItem.Comment("keep-alive"), new SseItem.Comment(""), data("x"));
    }

    @Test
    void fieldWithoutColonHasAnEmptyValueAndOnlyOneSpaceIsStripped() throws Exception {
        assertThat(read("data\ndata:   two\n\n")).containsExactly(data("\n  two"));
    }

    @Test
    void eventWithoutDataIsNotDispatched() throws Exception {
        assertThat(read("event: ping\n\n", "data: real\n\n")).containsExactly(data("real"));
    }

    @Test
    void utf8CharactersSplitAcrossReadsDecodeCorrectly() throws Exception {
        byte[] bytes = "data: café 🎉 ok\n\n".getBytes(StandardCharsets.UTF_8);
        int e = indexOf(bytes, (byte) 0xC3);
        int emoji = indexOf(bytes, (byte) 0xF0);
        List<byte[]> parts = new ArrayList<>();
        parts.add(Arrays.copyOfRange(bytes, 0, e + 1));          // first byte of "é"
        parts.add(Arrays.copyOfRange(bytes, e + 1, emoji + 2));  // rest of "é", half the emoji
        parts.add(Arrays.copyOfRange(bytes, emoji + 2, emoji + 3));
        parts.add(Arrays.copyOfRange(bytes, emoji + 3, bytes.length));
        try (SplitWriteStream stream = new SplitWriteStream(parts)) {
            assertThat(stream.readAll()).containsExactly(data("café 🎉 ok"));
            assertThat(stream.reads.get()).isGreaterThanOrEqualTo(4);
        }
    }

    @Test
    void byteOrderMarkAtStartIsSkippedEvenWhenSplit() throws Exception {
        byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
        byte[] rest = "data: after bom\n\n".getBytes(StandardCharsets.UTF_8);
        try (SplitWriteStream stream = new SplitWriteStream(List.of(Arrays.copyOf(bom, 2), new byte[]{bom[2]}, rest))) {
            assertThat(stream.readAll()).containsExactly(data("after bom"));
        }
    }

    @Test
    void eventNotTerminatedByABlankLineIsDiscardedAtEnd() throws Exception {
        assertThat(read("data: whole\n\n", "data: cut\n")).containsExactly(data("whole"));
        assertThat(read("data: whole\n\n", "data: no line end")).containsExactly(data("whole"));
    }

    @Test
    void doneMarkerIsAnOrdinaryEvent() throws Exception {
        assertThat(read("data: [DONE]\n\n")).containsExactly(data("[DONE]"));
    }

    @Test
    void everyReadIsReportedAsBytes() throws Exception {
        try (SplitWriteStream stream = SplitWriteStream.ofStrings(": ping\n", "data: 1\n\n")) {
            stream.readAll();
            assertThat(stream.bytesRead.get()).isEqualTo(": ping\ndata: 1\n\n".length());
        }
    }

    @Test
    void lineLongerThanTheCapIsAClearError() throws Exception {
        try (SplitWriteStream stream = SplitWriteStream.ofStrings("data: " + "x".repeat(5000) + "\n\n")) {
            assertThatThrownBy(() -> stream.readAll(1024))
                    .isInstanceOf(MalformedStreamException.class)
                    .hasMessageContaining("longer than 1024 bytes")
                    .satisfies(e -> assertThat(((MalformedStreamException) e).excerpt()).startsWith("data: xxx"));
        }
    }

    @Test
    void lineExactlyAtTheCapIsAccepted() throws Exception {
        String line = "data: " + "y".repeat(1018);
        try (SplitWriteStream stream = SplitWriteStream.ofStrings(line + "\n\n")) {
            assertThat(stream.readAll(1024)).containsExactly(data("y".repeat(1018)));
        }
    }

    private static int indexOf(byte[] bytes, byte b) {
        for (int i = 0; i < bytes.length; i++) if (bytes[i] == b) return i;
        throw new AssertionError("byte not found");
    }
}

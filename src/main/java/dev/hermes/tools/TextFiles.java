package dev.hermes.tools;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reading workspace files as text, refusing binaries and oversized files with clear messages, and
 * the one place that decides a file's encoding.
 *
 * <p>A file whose bytes are all valid UTF-8 is UTF-8. Any other text file is taken as ISO-8859-1
 * (Latin-1): every byte is one character, so decoding and encoding again give back exactly the
 * same bytes. {@code read_file} shows such a file that way and says so; {@code patch} matches in
 * that text and writes the file back in ISO-8859-1, so bytes it did not change stay as they were,
 * and it refuses (changing nothing) a replacement with characters ISO-8859-1 cannot hold.
 */
final class TextFiles {

    /** How much of a file's start is inspected for NUL bytes, as git and grep do. */
    static final int SNIFF_BYTES = 8192;

    /** A decoded file and the charset its bytes came from (and go back to). */
    record Decoded(String text, Charset charset, String invalidAt) {

        boolean utf8() {
            return charset.equals(StandardCharsets.UTF_8);
        }

        /**
         * The new text in this file's charset.
         *
         * @throws ToolException naming the first character the charset cannot hold
         */
        byte[] encode(String newText, String shown) throws ToolException {
            CharsetEncoder encoder = charset.newEncoder()
                    .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
            try {
                ByteBuffer bytes = encoder.encode(CharBuffer.wrap(newText));
                byte[] out = new byte[bytes.remaining()];
                bytes.get(out);
                return out;
            } catch (CharacterCodingException e) {
                int bad = firstUnencodable(charset.newEncoder(), newText);
                if (utf8()) {
                    throw new ToolException("the new text for " + shown + " contains " + describe(newText.codePointAt(bad))
                            + ", an unpaired surrogate that UTF-8 cannot encode; nothing was changed");
                }
                throw new ToolException(shown + " is not UTF-8 (" + invalidAt + "), so it is edited in " + charset.name()
                        + ", which cannot hold the character " + describe(newText.codePointAt(bad))
                        + " of the new text; nothing was changed (use only characters of that encoding, or convert the"
                        + " file to UTF-8 first)");
            }
        }
    }

    private TextFiles() {
    }

    /** Fails unless the path names an existing regular file. */
    static void requireFile(Path file, Workspace workspace) throws ToolException {
        String shown = workspace.display(file);
        if (Files.isDirectory(file)) throw new ToolException(shown + " is a directory, not a file; use list_dir to see it");
        if (!Files.exists(file)) throw new ToolException("file not found: " + shown + " (workspace " + workspace.root() + ")");
        if (!Files.isRegularFile(file)) throw new ToolException(shown + " is not a regular file");
    }

    /** True when the first {@link #SNIFF_BYTES} hold a NUL byte. */
    static boolean containsNul(byte[] bytes) {
        for (int i = 0; i < Math.min(bytes.length, SNIFF_BYTES); i++) if (bytes[i] == 0) return true;
        return false;
    }

    /** The whole file decoded for editing, with the charset to write it back in. */
    static Decoded readWhole(Path file, Workspace workspace, long maxBytes) throws ToolException, IOException {
        requireFile(file, workspace);
        long size = Files.size(file);
        String shown = workspace.display(file);
        if (size > maxBytes) throw new ToolException(shown + " is " + size + " bytes, over the " + maxBytes + "-byte limit for editing");
        byte[] bytes = ConfinedFiles.readAll(workspace, file, maxBytes);
        if (containsNul(bytes)) throw new ToolException(shown + " is a binary file; refusing to edit it as text");
        return decode(bytes);
    }

    /** UTF-8 when every byte is valid UTF-8, else ISO-8859-1 (which maps every byte, and back). */
    static Decoded decode(byte[] bytes) {
        CharsetDecoder strict = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length);
        CoderResult result = strict.decode(in, out, true);
        if (!result.isError()) result = strict.flush(out);
        if (!result.isError()) return new Decoded(out.flip().toString(), StandardCharsets.UTF_8, null);
        int at = in.position();
        int line = 1;
        for (int i = 0; i < at; i++) if (bytes[i] == '\n') line++;
        return new Decoded(new String(bytes, StandardCharsets.ISO_8859_1), StandardCharsets.ISO_8859_1,
                "first invalid byte 0x%02X at line %d".formatted(bytes[at] & 0xFF, line));
    }

    private static int firstUnencodable(CharsetEncoder encoder, String text) {
        for (int i = 0; i < text.length(); i += Character.charCount(text.codePointAt(i))) {
            if (!encoder.canEncode(text.substring(i, i + Character.charCount(text.codePointAt(i))))) return i;
        }
        return 0;
    }

    private static String describe(int codePoint) {
        return "'" + new String(Character.toChars(codePoint)) + "' (U+%04X)".formatted(codePoint);
    }
}

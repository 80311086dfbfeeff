package dev.hermes.sim;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The deterministic answer text and how it is cut into stream chunks. The text depends only on the
 * word count and the last user message, never on the fault, so a client that fails over between
 * simulated models mid-answer can still produce exactly {@link #answer}.
 */
final class Prose {

    /** Default answer length in words. */
    static final int DEFAULT_WORDS = 40;

    private static final String[] WORDS = ("the simulator answers every question with the same calm"
            + " paragraph so that tests can compare delivered text byte for byte while faults cut"
            + " stall and filter the stream around it and a careful client still finishes the"
            + " sentence it started without losing or repeating a single word of the reply")
            .split(" ");

    private static final Pattern WORD_WITH_LEADING_SPACE = Pattern.compile("\\s*\\S+");

    private Prose() {
    }

    /**
     * The canonical answer: {@code words} words of fixed prose starting at an offset derived from
     * the user message (so different questions get different answers), capitalised, ending in a
     * period. Deterministic across runs and JVMs ({@link String#hashCode} is specified).
     */
    static String answer(int words, String lastUserMessage) {
        if (words < 1) throw new IllegalArgumentException("words must be at least 1, got " + words);
        String msg = lastUserMessage == null ? "" : lastUserMessage.strip();
        int start = Math.floorMod(msg.hashCode(), WORDS.length);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < words; i++) {
            if (i > 0) sb.append(' ');
            sb.append(WORDS[(start + i) % WORDS.length]);
        }
        sb.setCharAt(0, Character.toUpperCase(sb.charAt(0)));
        return sb.append('.').toString();
    }

    /**
     * Cuts text into chunks of {@code wordsPerChunk} words, each word carrying the whitespace
     * before it; the chunks concatenate to exactly {@code text}.
     */
    static List<String> chunks(String text, int wordsPerChunk) {
        int per = Math.max(1, wordsPerChunk);
        List<String> out = new ArrayList<>();
        Matcher m = WORD_WITH_LEADING_SPACE.matcher(text);
        StringBuilder cur = new StringBuilder();
        int inChunk = 0;
        int end = 0;
        while (m.find()) {
            cur.append(m.group());
            end = m.end();
            if (++inChunk == per) {
                out.add(cur.toString());
                cur.setLength(0);
                inChunk = 0;
            }
        }
        cur.append(text, end, text.length());
        if (!cur.isEmpty()) {
            if (inChunk == 0 && !out.isEmpty()) {
                out.set(out.size() - 1, out.getLast() + cur); // trailing whitespace only
            } else {
                out.add(cur.toString());
            }
        }
        return out;
    }

    /** Cuts a tool call's JSON arguments into fragments of at most {@code size} characters. */
    static List<String> fragments(String json, int size) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < json.length(); i += size) {
            out.add(json.substring(i, Math.min(json.length(), i + size)));
        }
        return out;
    }
}

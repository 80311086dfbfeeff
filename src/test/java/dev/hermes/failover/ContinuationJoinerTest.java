package dev.hermes.failover;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ContinuationJoinerTest {

    private static final class Shown implements CallObserver {
        final StringBuilder text = new StringBuilder();

        @Override
        public void text(String delta) {
            text.append(delta);
        }

        @Override
        public void restart(String why) {
            text.setLength(0);
        }
    }

    private static String[] join(String prefix, String... deltas) {
        Shown shown = new Shown();
        shown.text(prefix);
        ContinuationJoiner joiner = new ContinuationJoiner(prefix, shown);
        for (String d : deltas) joiner.text(d);
        String joined = joiner.joined(String.join("", deltas));
        return new String[]{joined, shown.text.toString()};
    }

    @Test
    void anExactContinuationIsAppendedAsItIs() {
        assertThat(join("Hello wor", "ld", "!")).containsExactly("Hello world!", "Hello world!");
    }

    @Test
    void aShortCoincidenceIsNotTakenForARepeat() {
        assertThat(join("it is in the", " the end")).containsExactly("it is in the the end", "it is in the the end");
    }

    @Test
    void aRepeatedTailIsDroppedEvenWhenItArrivesInSmallPieces() {
        String prefix = "The quick brown fox jumps over";
        assertThat(join(prefix, "brown ", "fox ", "jumps over", " the lazy dog"))
                .containsExactly("The quick brown fox jumps over the lazy dog", "The quick brown fox jumps over the lazy dog");
    }

    @Test
    void aModelThatStartsOverIsJoinedWithoutTheSecondCopy() {
        assertThat(join("Short answer", "Short answer", " continues.")).containsExactly("Short answer continues.",
                "Short answer continues.");
    }

    @Test
    void whitespaceTrimmedFromThePrefillIsNotDoubled() {
        assertThat(join("Hello ", " world")).containsExactly("Hello world", "Hello world");
    }
}

package dev.hermes.log;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ScreenTextTest {

    @Test
    void controlCharactersAreShownAsEscapesAndNewlinesAndTabsStay() {
        assertThat(ScreenText.text("a\u001b[2Jb\rc\r\nd\te\u0007\u007f\u009b\u202e\n"))
                .isEqualTo("a\\x1b[2Jb\\rc\nd\te\\x07\\x7f\\x9b\\u202e\n");
        assertThat(ScreenText.line("rm -rf x\r echo ok\n")).isEqualTo("rm -rf x\\r echo ok\\n");
        String plain = "plain text, unicode é 漢字 ✓";
        assertThat(ScreenText.text(plain)).isSameAs(plain);
    }

    @Test
    void rowsCountWrapsAsATerminalDoes() {
        assertThat(ScreenText.rows("", 10)).isEqualTo(1);
        assertThat(ScreenText.rows("0123456789", 10)).as("a full row defers its wrap").isEqualTo(1);
        assertThat(ScreenText.rows("0123456789\n", 10)).isEqualTo(2);
        assertThat(ScreenText.rows("0123456789a", 10)).isEqualTo(2);
        assertThat(ScreenText.rows("012345678漢", 10)).as("a wide character that does not fit moves whole").isEqualTo(2);
        assertThat(ScreenText.rows("漢字漢字漢", 10)).isEqualTo(1);
        assertThat(ScreenText.rows("e\u0301".repeat(10), 10)).as("combining marks take no column").isEqualTo(1);
        assertThat(ScreenText.rows("\tab", 10)).isEqualTo(1);
        assertThat(ScreenText.rows("\tabc", 10)).as("a tab moves to column 8").isEqualTo(2);
        assertThat(ScreenText.rows("ab\n\ncd", 10)).isEqualTo(3);
    }
}

package dev.hermes.llm;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class UsageTest {

    @Test
    void laterReportsReplaceOnlyTheFieldsTheyCarry() {
        Usage atStart = new Usage(120, 1, 30, 0, 0);
        Usage atDelta = Usage.of(0, 57);

        assertThat(atStart.update(atDelta)).isEqualTo(new Usage(120, 57, 30, 0, 0));
    }

    @Test
    void separateResponsesAddUp() {
        assertThat(Usage.of(10, 5).plus(Usage.of(7, 3))).isEqualTo(Usage.of(17, 8));
    }
}

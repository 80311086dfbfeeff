package dev.hermes.sim;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FaultSpecTest {

    @Test
    void parsesFaultAndParameters() {
        FaultSpec s = FaultSpec.parse("pings-only:after=2,interval_ms=50");
        assertThat(s.kind()).isEqualTo(FaultKind.PINGS_ONLY);
        assertThat(s.params()).isEqualTo(Map.of("after", "2", "interval_ms", "50"));
        assertThat(s.count("after", 3)).isEqualTo(2);
        assertThat(s.number("chunk_delay_ms", 2)).isEqualTo(2);
        assertThat(FaultSpec.parse("healthy").params()).isEmpty();
    }

    @Test
    void scriptedTakesANameThenParameters() {
        FaultSpec s = FaultSpec.parse("scripted:agent-1,chunk_delay_ms=0");
        assertThat(s.scriptName()).isEqualTo("agent-1");
        assertThat(s.params()).containsEntry("chunk_delay_ms", "0");
        FaultSpec turn = s.withFault("stall:after=1");
        assertThat(turn.kind()).isEqualTo(FaultKind.STALL);
        assertThat(turn.params()).containsEntry("chunk_delay_ms", "0").containsEntry("after", "1");
        assertThatThrownBy(() -> FaultSpec.parse("scripted")).hasMessageContaining("scripted:<script name>");
    }

    @Test
    void errorsNameTheModelAndThePart() {
        assertThatThrownBy(() -> FaultSpec.parse("nope:x=1")).isInstanceOf(FaultSpec.UnknownFault.class)
                .hasMessageContaining("unknown fault 'nope'").hasMessageContaining("healthy");
        assertThatThrownBy(() -> FaultSpec.parse("cut:after")).hasMessageContaining("'after' is not of the form key=value");
        assertThatThrownBy(() -> FaultSpec.parse("cut:after=-1")).hasMessageContaining("non-negative integer");
        assertThatThrownBy(() -> FaultSpec.parse("healthy:words=0")).hasMessageContaining("'words' must be at least 1");
        assertThatThrownBy(() -> FaultSpec.parse("cut:clean=yes")).hasMessageContaining("true or false");
        assertThatThrownBy(() -> FaultSpec.parse("stall:interval_ms=4")).hasMessageContaining("unknown parameter 'interval_ms'");
        assertThatThrownBy(() -> FaultSpec.parse(" ")).hasMessageContaining("model name is missing");
    }

    @Test
    void chunksConcatenateToTheText() {
        String text = "  One two three four five.  ";
        assertThat(String.join("", Prose.chunks(text, 2))).isEqualTo(text);
        assertThat(Prose.chunks("One two three four five.", 2)).containsExactly("One two", " three four", " five.");
        assertThat(Prose.chunks("", 3)).isEmpty();
    }
}

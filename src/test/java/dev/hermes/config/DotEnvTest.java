package dev.hermes.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DotEnvTest {
    @TempDir
    Path dir;

    @Test
    void parsesEveryAcceptedLineShape() throws Exception {
        Path f = dir.resolve(".env");
        Files.writeString(f, """
                # a comment

                PLAIN=value one   # inline comment
                export EXPORTED=yes
                SINGLE='it is #not a comment \\n'
                DOUBLE="line1\\nline2 \\"q\\" back\\\\slash" # trailing comment
                EMPTY=
                HASH=abc#def
                PLAIN=second wins
                """);
        DotEnv env = DotEnv.read(f);

        assertThat(env.get("PLAIN").value()).isEqualTo("second wins");
        assertThat(env.get("PLAIN").line()).isEqualTo(9);
        assertThat(env.get("EXPORTED").value()).isEqualTo("yes");
        assertThat(env.get("EXPORTED").line()).isEqualTo(4);
        assertThat(env.get("SINGLE").value()).isEqualTo("it is #not a comment \\n");
        assertThat(env.get("DOUBLE").value()).isEqualTo("line1\nline2 \"q\" back\\slash");
        assertThat(env.get("EMPTY").value()).isEmpty();
        assertThat(env.get("HASH").value()).isEqualTo("abc#def");
    }

    @Test
    void singleQuotesAreLiteral() {
        DotEnv env = DotEnv.parse(Path.of("/x/.env"), "A='a \\n # b'\n");
        assertThat(env.get("A").value()).isEqualTo("a \\n # b");
    }

    @Test
    void missingFileIsEmpty() {
        assertThat(DotEnv.read(dir.resolve("absent")).entries()).isEmpty();
    }

    @Test
    void aLineWithoutKeyNamesFileAndLineButNotTheContent() throws Exception {
        Path f = dir.resolve(".env");
        Files.writeString(f, "GOOD=1\n\nsk-secret-pasted-alone-123\n");

        assertThatThrownBy(() -> DotEnv.read(f))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(f + ":3: expected KEY=VALUE")
                .hasMessageNotContaining("sk-secret");
    }

    @Test
    void anUnterminatedQuoteNamesKeyAndLineButNotTheValue() {
        assertThatThrownBy(() -> DotEnv.parse(Path.of("/h/.env"), "\nAPI_KEY=\"sk-live-abcdef\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("/h/.env:2: value of API_KEY has no closing double quote");
    }

    @Test
    void textAfterAClosingQuoteIsAnError() {
        assertThatThrownBy(() -> DotEnv.parse(Path.of("/h/.env"), "K='secretvalue' junk\n"))
                .hasMessage("/h/.env:1: value of K has text after its closing quote")
                .hasMessageNotContaining("secretvalue");
    }

    @Test
    void toStringNeverShowsValues() {
        DotEnv env = DotEnv.parse(Path.of("/h/.env"), "K=sk-abcdefghijkl\n");
        assertThat(env.toString()).doesNotContain("sk-abcdefghijkl");
    }
}

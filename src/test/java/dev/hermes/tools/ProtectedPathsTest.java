package dev.hermes.tools;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ProtectedPathsTest {

    private final Path home = Path.of("/home/ann");
    private final ProtectedPaths paths = ProtectedPaths.of(List.of(home), home.resolve(".hermes"));

    @Test
    void knowsHermesSecretFilesAndWellKnownKeyLocations() {
        assertThat(paths.why(home.resolve(".hermes/.env"))).isNotNull();
        assertThat(paths.why(home.resolve(".hermes/profiles/w/credentials.yaml"))).isNotNull();
        assertThat(paths.why(home.resolve(".hermes/auth.json"))).isNotNull();
        assertThat(paths.why(home.resolve(".ssh/id_ed25519"))).isNotNull();
        assertThat(paths.why(home.resolve(".aws"))).isNotNull();
        assertThat(paths.why(home.resolve(".netrc"))).isNotNull();
        assertThat(paths.why(home.resolve(".config/gh/hosts.yml"))).isNotNull();
        assertThat(paths.why(Path.of("/proc/1234/environ"))).isNotNull();

        assertThat(paths.why(home.resolve(".hermes/config.yaml"))).isNull();
        assertThat(paths.why(home.resolve("project/.env.example"))).isNull();
        assertThat(paths.why(home.resolve(".sshrc"))).isNull();
    }

    @Test
    void findsThePathsACommandNames() {
        Path ws = home.resolve("project");
        assertThat(paths.mentionedIn("cat ~/.ssh/id_rsa", ws)).extracting(ProtectedPaths.Mention::word).containsExactly("~/.ssh/id_rsa");
        assertThat(paths.mentionedIn("cat $HERMES_HOME/.env | head", ws)).hasSize(1);
        assertThat(paths.mentionedIn("tar czf x.tgz ${HOME}/.aws", ws)).hasSize(1);
        assertThat(paths.mentionedIn("cat /proc/$PPID/environ", ws)).hasSize(1);
        assertThat(paths.mentionedIn("cat ../.netrc", ws)).hasSize(1);
        assertThat(paths.mentionedIn("git status && ls -la ~ && cat README.md .env.example", ws)).isEmpty();
    }
}

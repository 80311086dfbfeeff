package dev.hermes.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HermesHomeTest {
    @TempDir
    Path user;

    private Environment env(Map<String, String> vars) {
        return new Environment(vars, user);
    }

    @Test
    void defaultsToDotHermesInTheUserHome() {
        HermesHome h = HermesHome.resolve(env(Map.of()), null);
        assertThat(h.root()).isEqualTo(user.resolve(".hermes"));
        assertThat(h.isProfile()).isFalse();
        assertThat(h.configFile()).isEqualTo(user.resolve(".hermes/config.yaml"));
        assertThat(h.boardsDir()).isEqualTo(user.resolve(".hermes/boards"));
    }

    @Test
    void hermesHomeOverridesTheRoot() {
        Path root = user.resolve("elsewhere");
        HermesHome h = HermesHome.resolve(env(Map.of("HERMES_HOME", root.toString())), null);
        assertThat(h.root()).isEqualTo(root);
        assertThat(h.dir()).isEqualTo(root);
    }

    @Test
    void hermesHomePointingAtAProfileDirIsRecognised() throws Exception {
        Path root = user.resolve(".hermes");
        Path profile = Files.createDirectories(root.resolve("profiles/yefan"));
        HermesHome h = HermesHome.resolve(env(Map.of("HERMES_HOME", profile.toString())), null);

        assertThat(h.root()).isEqualTo(root);
        assertThat(h.profile()).isEqualTo("yefan");
        assertThat(h.envFile()).isEqualTo(profile.resolve(".env"));
        assertThat(h.rootEnvFile()).isEqualTo(root.resolve(".env"));
        assertThat(h.boardsDir()).isEqualTo(root.resolve("boards"));
        assertThat(h.sessionsDir()).isEqualTo(profile.resolve("sessions"));
    }

    @Test
    void profileFlagSelectsAProfileAndBeatsTheStickyOne() throws Exception {
        Path root = user.resolve(".hermes");
        Files.createDirectories(root.resolve("profiles/a"));
        Files.createDirectories(root.resolve("profiles/b"));
        Files.writeString(root.resolve("active_profile"), "b\n");

        assertThat(HermesHome.resolve(env(Map.of()), null).profile()).isEqualTo("b");
        assertThat(HermesHome.resolve(env(Map.of()), "a").dir()).isEqualTo(root.resolve("profiles/a"));
        assertThat(HermesHome.resolve(env(Map.of()), "default").isProfile()).isFalse();
    }

    @Test
    void stickyDefaultMeansTheRoot() throws Exception {
        Path root = Files.createDirectories(user.resolve(".hermes"));
        Files.writeString(root.resolve("active_profile"), "default\n");
        assertThat(HermesHome.resolve(env(Map.of()), null).dir()).isEqualTo(root);
    }

    @Test
    void unknownProfileListsTheExistingOnes() throws Exception {
        Path root = user.resolve(".hermes");
        Files.createDirectories(root.resolve("profiles/work"));
        Files.createDirectories(root.resolve("profiles/home"));

        assertThatThrownBy(() -> HermesHome.resolve(env(Map.of()), "wrok"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("unknown profile 'wrok'")
                .hasMessageContaining("default, home, work");
    }

    @Test
    void aStaleStickyProfileNamesTheFileItCameFrom() throws Exception {
        Path root = Files.createDirectories(user.resolve(".hermes"));
        Files.writeString(root.resolve("active_profile"), "gone\n");
        assertThatThrownBy(() -> HermesHome.resolve(env(Map.of()), null))
                .hasMessageContaining("unknown profile 'gone' (from " + root.resolve("active_profile") + ")");
    }

    @Test
    void invalidNamesAreRejectedClearly() {
        assertThatThrownBy(() -> HermesHome.resolve(env(Map.of()), "../etc"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("invalid profile name '../etc'")
                .hasMessageContaining("letters, digits, '-' and '_'");
    }
}

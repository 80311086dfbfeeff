package dev.hermes.config;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class EnvLayersTest {
    @TempDir
    Path user;
    Path root;
    Path profile;

    @BeforeEach
    void homes() throws Exception {
        root = Files.createDirectories(user.resolve(".hermes"));
        profile = Files.createDirectories(root.resolve("profiles/p"));
        Files.writeString(root.resolve(".env"), "ONLY_ROOT=r\nBOTH=from-root\nPROC=root\n");
        Files.writeString(profile.resolve(".env"), "# profile\nBOTH=from-profile\nPROC=profile\n");
    }

    private EnvLayers layers(Map<String, String> vars, String profileName, boolean inherit) {
        Environment env = new Environment(vars, user);
        return EnvLayers.of(env, HermesHome.resolve(env, profileName), inherit);
    }

    @Test
    void processEnvironmentWinsOverEveryFile() {
        var v = layers(Map.of("PROC", "process"), "p", true).lookup("PROC").orElseThrow();
        assertThat(v.value()).isEqualTo("process");
        assertThat(v.origin().describe()).isEqualTo("env PROC");
    }

    @Test
    void profileEnvIsIsolatedFromTheRootByDefault() {
        EnvLayers l = layers(Map.of(), "p", false);
        assertThat(l.lookup("ONLY_ROOT")).isEmpty();
        assertThat(l.lookup("BOTH").orElseThrow().origin().describe()).isEqualTo(profile.resolve(".env") + ":2");
        assertThat(l.files()).containsExactly(profile.resolve(".env"));
    }

    @Test
    void profileOptsInToTheRootEnvThroughConfig() {
        EnvLayers l = layers(Map.of(), "p", true);
        assertThat(l.lookup("ONLY_ROOT").orElseThrow().origin().describe()).isEqualTo(root.resolve(".env") + ":1");
        assertThat(l.lookup("BOTH").orElseThrow().value()).isEqualTo("from-profile");
    }

    @Test
    void profileOptsInThroughTheEnvironmentVariable() {
        assertThat(layers(Map.of("HERMES_INHERIT_ROOT_ENV", "1"), "p", false).lookup("ONLY_ROOT")).isPresent();
        assertThat(layers(Map.of("HERMES_INHERIT_ROOT_ENV", "0"), "p", false).lookup("ONLY_ROOT")).isEmpty();
    }

    @Test
    void profileOptsInThroughItsOwnDotEnv() throws Exception {
        Files.writeString(profile.resolve(".env"), "HERMES_INHERIT_ROOT_ENV=true\n");
        assertThat(layers(Map.of(), "p", false).lookup("ONLY_ROOT")).isPresent();
    }

    @Test
    void withoutAProfileTheRootEnvIsTheHomeEnv() {
        EnvLayers l = layers(Map.of(), null, false);
        assertThat(l.lookup("BOTH").orElseThrow().value()).isEqualTo("from-root");
    }

    @Test
    void launchdStyleHermesHomeAtAProfileCanStillInheritTheRoot() {
        Environment env = new Environment(Map.of("HERMES_HOME", profile.toString()), user);
        EnvLayers l = EnvLayers.of(env, HermesHome.resolve(env, null), true);
        assertThat(l.lookup("ONLY_ROOT").orElseThrow().value()).isEqualTo("r");
    }

    @Test
    void anEditedFileIsSeenByTheNextLookup() throws Exception {
        EnvLayers l = layers(Map.of(), "p", false);
        assertThat(l.lookup("NEW")).isEmpty();
        Files.writeString(profile.resolve(".env"), "NEW=now\n");
        assertThat(l.lookup("NEW").orElseThrow().value()).isEqualTo("now");
    }
}

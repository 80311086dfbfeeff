package dev.hermes.it;

import dev.hermes.provider.WireApi;
import dev.hermes.sim.SimServer;
import dev.hermes.testing.HermesProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The README's way in: the real launcher, a real process, a local provider on loopback. */
class LauncherIT {

    private static SimServer sim;

    @TempDir
    Path home;

    @BeforeAll
    static void start() throws Exception {
        sim = SimServer.start();
    }

    @AfterAll
    static void stop() {
        sim.close();
    }

    @Test
    void versionAndHelpWork() throws Exception {
        HermesProcess.Result version = HermesProcess.run(home, Map.of(), Duration.ofSeconds(60), "--version");
        assertThat(version.exit()).isZero();
        assertThat(version.out()).startsWith("hermes 0.1.0");

        HermesProcess.Result help = HermesProcess.run(home, Map.of(), Duration.ofSeconds(60), "--help");
        assertThat(help.exit()).isZero();
        assertThat(help.out()).contains("chat", "sim", "kanban", "profile", "config");
    }

    /**
     * The launcher remembers the JDK it found (target/.jdk) but never past a change of what chose
     * it: a new JAVA_HOME is used at once, and a remembered JDK that is gone is looked up again.
     */
    @Test
    void aChangedJavaHomeIsUsedAtOnceDespiteTheRememberedJdk() throws Exception {
        assertThat(HermesProcess.run(home, Map.of(), Duration.ofSeconds(60), "--version").exit()).isZero();
        // a JDK of its own: the real one behind a java that notes each start
        Path realJava = Path.of(System.getProperty("java.home"), "bin", "java");
        Path fake = home.resolve("jdk");
        Path marker = home.resolve("fake-java-started");
        Files.createDirectories(fake.resolve("bin"));
        Files.writeString(fake.resolve("release"), "JAVA_VERSION=\"" + Runtime.version().feature() + "\"\n");
        Files.writeString(fake.resolve("bin/java"), "#!/bin/sh\necho \"$*\" >> '" + marker + "'\nexec '" + realJava + "' \"$@\"\n");
        Files.writeString(fake.resolve("bin/javac"), "#!/bin/sh\nexit 0\n");
        for (String tool : new String[]{"java", "javac"}) fake.resolve("bin/" + tool).toFile().setExecutable(true);

        HermesProcess.Result viaFake = HermesProcess.run(home, Map.of("JAVA_HOME", fake.toString()), Duration.ofSeconds(60),
                "--version");
        assertThat(viaFake.out()).startsWith("hermes 0.1.0");
        assertThat(versionRuns(marker)).isEqualTo(1);

        // back to the usual JAVA_HOME: the fake is not used any more, though it was the one remembered last
        assertThat(HermesProcess.run(home, Map.of(), Duration.ofSeconds(60), "--version").exit()).isZero();
        assertThat(versionRuns(marker)).isEqualTo(1);
    }

    /** Starts of the fake java for a {@code --version} run (a background AOT training run is {@code --help}). */
    private static long versionRuns(Path marker) throws Exception {
        return Files.readAllLines(marker).stream().filter(l -> l.endsWith(" --version")).count();
    }

    @ParameterizedTest
    @EnumSource(WireApi.class)
    void chatAnswersFromALocalServerOfEitherWireAndExitsZero(WireApi wire) throws Exception {
        String base = wire == WireApi.CHAT_COMPLETIONS ? sim.chatCompletionsBaseUrl().toString() : sim.anthropicBaseUrl().toString();
        Files.writeString(home.resolve("config.yaml"), "model: {provider: custom, default: healthy, base_url: " + base
                + ", api_mode: " + wire.configName() + "}\n");

        HermesProcess.Result r = HermesProcess.run(home, Map.of("HERMES_HOME", home.toString()), Duration.ofSeconds(60),
                "chat", "-q", "Say something about lakes", "--toolsets", "file");

        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).isEqualTo(SimServer.canonicalAnswer("healthy", "Say something about lakes") + "\n");
    }
}

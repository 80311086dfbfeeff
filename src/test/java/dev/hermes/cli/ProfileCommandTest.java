package dev.hermes.cli;

import dev.hermes.config.Environment;
import dev.hermes.exit.ExitCodes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ProfileCommandTest {
    @TempDir
    Path user;

    private CliRun run(String... args) {
        return CliRun.run(new Environment(Map.of(), user), args);
    }

    @Test
    void createListUseShow() throws Exception {
        Path root = user.resolve(".hermes");
        CliRun created = run("profile", "create", "work");
        assertThat(created.exit()).isZero();
        assertThat(created.out()).contains("created profile 'work' at " + root.resolve("profiles/work"));
        assertThat(root.resolve("profiles/work/config.yaml")).exists();
        assertThat(Files.readString(root.resolve("profiles/work/.env"))).contains("# OPENROUTER_API_KEY=");
        assertThat(run("profile", "create", "work").err()).contains("profile 'work' already exists");

        assertThat(run("profile", "list").out()).isEqualTo("* default  " + root + "\n  work  " + root.resolve("profiles/work") + "\n");

        assertThat(run("profile", "use", "work").exit()).isZero();
        assertThat(Files.readString(root.resolve("active_profile")).trim()).isEqualTo("work");
        assertThat(run("profile", "list").out()).contains("* work");

        Files.writeString(root.resolve("profiles/work/config.yaml"),
                "model: { provider: minimax, default: MiniMax-M2.7 }\nfallback_providers: [ { provider: openrouter, model: a/b } ]\n");
        String shown = run("profile", "show").out();
        assertThat(shown).contains("profile: work", "home: " + root.resolve("profiles/work"),
                "provider: minimax", "model: MiniMax-M2.7", "fallbacks: openrouter/a/b", "boards: " + root.resolve("boards"));
        assertThat(run("-p", "default", "profile", "show").out()).contains("profile: default", "provider: (not set)");
        assertThat(run("profile", "show", "-p", "default").out()).contains("profile: default");
    }

    @Test
    void unknownAndInvalidNamesAreConfigErrors() {
        run("profile", "create", "a");
        CliRun unknown = run("profile", "use", "b");
        assertThat(unknown.exit()).isEqualTo(ExitCodes.CONFIG);
        assertThat(unknown.err()).contains("unknown profile 'b'; existing profiles: default, a");

        CliRun invalid = run("profile", "create", "no/slash");
        assertThat(invalid.exit()).isEqualTo(ExitCodes.CONFIG);
        assertThat(invalid.err()).contains("invalid profile name 'no/slash'");

        CliRun flag = run("-p", "ghost", "config", "path");
        assertThat(flag.exit()).isEqualTo(ExitCodes.CONFIG);
        assertThat(flag.err()).contains("unknown profile 'ghost' (from -p/--profile)");
    }
}

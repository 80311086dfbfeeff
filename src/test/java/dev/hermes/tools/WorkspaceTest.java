package dev.hermes.tools;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WorkspaceTest {

    @TempDir
    Path temp;

    private Workspace workspace() throws Exception {
        Files.createDirectories(temp.resolve("ws/src"));
        Files.createDirectories(temp.resolve("outside"));
        Files.writeString(temp.resolve("outside/secret.txt"), "secret");
        return Workspace.at(temp.resolve("ws"));
    }

    @Test
    void relativeAbsoluteAndNotYetExistingPathsInsideResolve() throws Exception {
        Workspace ws = workspace();
        Path root = ws.root();
        assertThat(ws.resolve("src")).isEqualTo(root.resolve("src"));
        assertThat(ws.resolve("./src/../src/new/deeper/file.txt")).isEqualTo(root.resolve("src/new/deeper/file.txt"));
        assertThat(ws.resolve(root.resolve("src").toString())).isEqualTo(root.resolve("src"));
        assertThat(ws.resolve(temp.resolve("ws/src").toString())).isEqualTo(root.resolve("src"));
        assertThat(ws.display(ws.resolve("."))).isEqualTo(".");
    }

    @Test
    void dotDotEscapesAndAbsolutePathsOutsideAreRefusedNamingPathAndWorkspace() throws Exception {
        Workspace ws = workspace();
        assertThatThrownBy(() -> ws.resolve("../outside/secret.txt"))
                .isInstanceOf(ToolException.class)
                .hasMessageContaining("'../outside/secret.txt'").hasMessageContaining(ws.root().toString())
                .hasMessageContaining("outside the workspace");
        assertThatThrownBy(() -> ws.resolve("src/../../x")).hasMessageContaining("outside the workspace");
        assertThatThrownBy(() -> ws.resolve("/etc/passwd")).hasMessageContaining("'/etc/passwd'");
        assertThatThrownBy(() -> ws.resolve("")).hasMessageContaining("empty");
        assertThatThrownBy(() -> ws.resolve("a\0b")).hasMessageContaining("invalid path");
    }

    @Test
    void symlinksLeadingOutsideAreRefusedAsFinalComponentOrDirectoryComponent() throws Exception {
        Workspace ws = workspace();
        Files.createSymbolicLink(ws.root().resolve("link.txt"), temp.resolve("outside/secret.txt"));
        Files.createSymbolicLink(ws.root().resolve("out"), temp.resolve("outside"));
        assertThatThrownBy(() -> ws.resolve("link.txt")).hasMessageContaining("symbolic link").hasMessageContaining("outside the workspace");
        assertThatThrownBy(() -> ws.resolve("out/secret.txt")).hasMessageContaining("symbolic link");
        assertThatThrownBy(() -> ws.resolve("out/new-dir/new.txt")).hasMessageContaining("symbolic link");
    }

    @Test
    void danglingSymlinkIsRefusedAndInsideSymlinkIsFollowed() throws Exception {
        Workspace ws = workspace();
        Files.createSymbolicLink(ws.root().resolve("dangling"), temp.resolve("outside/not-yet"));
        Files.createSymbolicLink(ws.root().resolve("alias"), ws.root().resolve("src"));
        assertThatThrownBy(() -> ws.resolve("dangling")).hasMessageContaining("does not exist");
        assertThat(ws.resolve("alias/a.txt")).isEqualTo(ws.root().resolve("src/a.txt"));
    }
}

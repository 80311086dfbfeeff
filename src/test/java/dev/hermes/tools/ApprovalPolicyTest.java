package dev.hermes.tools;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ApprovalPolicyTest {

    @TempDir
    Path dir;

    @Test
    void nonInteractiveRunsAllowedCommandsAndDeniesOthersPointingAtYolo() throws Exception {
        Fixture f = new Fixture(dir, ApprovalPolicy.nonInteractive(List.of("echo", "re:touch allowed-[0-9]+")));
        assertThat(f.call("terminal", "{\"command\":\"echo hi\"}").content()).isEqualTo("hi\n[exit code: 0]");
        assertThat(f.call("terminal", "{\"command\":\"touch allowed-42\"}").isError()).isFalse();

        ToolOutcome denied = f.call("terminal", "{\"command\":\"touch x\"}");
        assertThat(denied.isError()).isTrue();
        assertThat(denied.content()).contains("'touch x'", "non-interactive", "--yolo", "allow list");
        assertThat(f.call("terminal", "{\"command\":\"echo hi; touch y\"}").isError()).isTrue();
        assertThat(f.call("terminal", "{\"command\":\"echo $(touch z)\"}").isError()).isTrue();
        assertThat(f.call("terminal", "{\"command\":\"echoo w\"}").isError()).isTrue();
        assertThat(f.call("terminal", "{\"command\":\"touch allowed-1; touch v\"}").isError()).isTrue();
        assertThat(Fixture.snapshot(dir).keySet()).containsExactlyInAnyOrder("", "allowed-42");
    }

    @Test
    void interactiveAsksForUnlistedCommandsAndHonoursTheAnswer() throws Exception {
        List<String> asked = new ArrayList<>();
        boolean[] answer = {false};
        Fixture f = new Fixture(dir, ApprovalPolicy.interactive(List.of("ls"), (command, workdir) -> {
            asked.add(command + " @ " + workdir);
            return answer[0];
        }));
        assertThat(f.call("terminal", "{\"command\":\"ls\"}").isError()).isFalse();
        ToolOutcome declined = f.call("terminal", "{\"command\":\"touch no\"}");
        assertThat(declined.content()).contains("the user declined to run 'touch no'");
        answer[0] = true;
        assertThat(f.call("terminal", "{\"command\":\"touch yes\"}").isError()).isFalse();
        assertThat(asked).containsExactly("touch no @ " + f.workspace.root(), "touch yes @ " + f.workspace.root());
        assertThat(Fixture.snapshot(dir).keySet()).containsExactlyInAnyOrder("", "yes");
    }

    @Test
    void yoloAllowsEverythingAndBadRegexRulesAreRejectedUpFront() throws Exception {
        assertThat(ApprovalPolicy.yolo().decide("rm -rf build; make", dir)).isInstanceOf(ApprovalPolicy.Decision.Approved.class);
        assertThatThrownBy(() -> ApprovalPolicy.nonInteractive(List.of("re:(oops")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'re:(oops'");
    }
}

package dev.hermes.board.dispatch;

import dev.hermes.board.Task;

import java.util.ArrayList;
import java.util.List;

/** The command line that starts a worker for a task. Tests substitute their own. */
@FunctionalInterface
public interface WorkerCommand {

    List<String> argv(Task task);

    /**
     * {@code <launcher> -p <assignee> chat [--skills a,b] [--model M] [--provider P] -q "work kanban task <id>"}.
     * The profile comes from the task's assignee ("default" when unset), so a worker always runs
     * as the profile the task is for, with that profile's own keys.
     *
     * @param launcher the {@code bin/hermes} path (system property {@code hermes.launcher})
     */
    static WorkerCommand hermes(String launcher) {
        return task -> {
            List<String> argv = new ArrayList<>(List.of(launcher, "-p", profile(task), "chat"));
            if (!task.skills().isEmpty()) argv.addAll(List.of("--skills", String.join(",", task.skills())));
            if (task.model() != null) argv.addAll(List.of("--model", task.model()));
            if (task.provider() != null) argv.addAll(List.of("--provider", task.provider()));
            argv.addAll(List.of("-q", "work kanban task " + task.id()));
            return argv;
        };
    }

    /** The profile a task's worker runs as. */
    static String profile(Task task) {
        return task.assignee() == null ? "default" : task.assignee();
    }
}

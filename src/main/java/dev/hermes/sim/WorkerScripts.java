package dev.hermes.sim;

import java.util.List;
import java.util.Map;

/**
 * Scripted kanban workers every simulator knows, so a board runs end to end with no key: the
 * model reads its task, reports progress, and finishes with {@code kanban_complete}, the way the
 * worker protocol asks. The {@code healthy} model only answers in prose, so a worker on it ends
 * every run without finishing its task.
 * <ul>
 *   <li>{@code scripted:kanban-worker}: kanban_show, kanban_heartbeat (a note), kanban_complete,
 *       then a short closing text;</li>
 *   <li>{@code scripted:kanban-worker-flaky}: the same, but the stream of the kanban_complete turn
 *       is cut after its first chunk, every time: a worker with a fallback fails over in the middle
 *       of its task, one without one fails.</li>
 * </ul>
 */
final class WorkerScripts {

    static final String WORKER = "kanban-worker";
    static final String FLAKY = "kanban-worker-flaky";

    private WorkerScripts() {
    }

    static List<SimScript> all() {
        return List.of(worker(WORKER, null), worker(FLAKY, "cut:after=1"));
    }

    private static SimScript worker(String name, String completeFault) {
        SimScript.Turn complete = SimScript.Turn.tools(SimScript.ToolCall.of("kanban_complete", Map.of(
                "summary", "Done by the simulator's scripted worker: read the task, worked on it, completed it.",
                "metadata", Map.of("worker", "scripted:" + name))));
        return new SimScript(name, List.of(
                SimScript.Turn.tools(SimScript.ToolCall.of("kanban_show", Map.of())),
                SimScript.Turn.tools(SimScript.ToolCall.of("kanban_heartbeat", Map.of("note", "read the task; working"))),
                completeFault == null ? complete : complete.withFault(completeFault),
                SimScript.Turn.text("The task is complete.")));
    }
}

package dev.hermes.board.dispatch;

import dev.hermes.board.TaskId;

import java.util.List;

/**
 * What one dispatcher tick did, in phase order.
 *
 * @param exited    tasks whose worker exited since the last tick (with the outcome recorded for it)
 * @param reclaimed tasks whose lease had expired
 * @param killed    tasks whose worker was killed (reclaimed, over max runtime) and seen dead
 * @param survivors tasks whose worker survived SIGKILL: held, retried next tick
 * @param timedOut  tasks failed as timed_out (over their max runtime)
 * @param promoted  todo tasks made ready
 * @param spawned   tasks a worker was started for
 * @param deferred  "task: reason" for tasks newly held back by their profile's configuration (said once)
 * @param waiting   every ready task held back by its profile's configuration this tick
 */
public record TickReport(List<String> exited, List<TaskId> reclaimed, List<TaskId> killed, List<TaskId> survivors,
                         List<TaskId> timedOut, List<TaskId> promoted, List<TaskId> spawned, List<String> deferred,
                         List<TaskId> waiting) {

    public TickReport {
        exited = List.copyOf(exited);
        reclaimed = List.copyOf(reclaimed);
        killed = List.copyOf(killed);
        survivors = List.copyOf(survivors);
        timedOut = List.copyOf(timedOut);
        promoted = List.copyOf(promoted);
        spawned = List.copyOf(spawned);
        deferred = List.copyOf(deferred);
        waiting = List.copyOf(waiting);
    }

    /** Nothing new happened (tasks still waiting for a reason already given do not count). */
    public boolean idle() {
        return exited.isEmpty() && reclaimed.isEmpty() && killed.isEmpty() && survivors.isEmpty() && timedOut.isEmpty()
                && promoted.isEmpty() && spawned.isEmpty() && deferred.isEmpty();
    }

    /** One line for people: "spawned t_1 t_2; reclaimed t_3". */
    public String summary() {
        StringBuilder s = new StringBuilder();
        part(s, "exited", exited);
        part(s, "reclaimed", reclaimed);
        part(s, "killed", killed);
        part(s, "unkillable (held)", survivors);
        part(s, "timed out", timedOut);
        part(s, "promoted", promoted);
        part(s, "spawned", spawned);
        deferred.forEach(d -> part(s, "not started, fix the profile (no failure counted) -", List.of(d)));
        if (deferred.isEmpty()) part(s, "waiting for a profile fix (see kanban show)", waiting);
        return s.isEmpty() ? "nothing to do" : s.toString();
    }

    private static void part(StringBuilder s, String what, List<?> items) {
        if (items.isEmpty()) return;
        if (!s.isEmpty()) s.append("; ");
        s.append(what);
        items.forEach(i -> s.append(' ').append(i));
    }
}

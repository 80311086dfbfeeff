package dev.hermes.board;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/**
 * One attempt at a task: opened by a claim, ended by complete, block, fail, reclaim or a forced
 * completion. Nullable while open: {@code endedAt, outcome, summary, metadata, error};
 * {@code workerPid} when no process was attached.
 */
public record Run(long id, TaskId taskId, long attempt, String claimant, String host, Long workerPid,
                  Instant startedAt, Instant heartbeatAt, Instant endedAt, RunOutcome outcome, String summary,
                  JsonNode metadata, String error) {

    public boolean open() {
        return endedAt == null;
    }
}

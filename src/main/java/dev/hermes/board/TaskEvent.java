package dev.hermes.board;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/**
 * One row of the append-only event log. Every state change writes one, and so does every
 * rejected fenced write ({@code fenced_write_rejected}). {@code payload} is a JSON object.
 */
public record TaskEvent(long id, TaskId taskId, String kind, JsonNode payload, Instant createdAt) {
}

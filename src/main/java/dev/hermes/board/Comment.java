package dev.hermes.board;

import java.time.Instant;

/** A comment on a task. */
public record Comment(long id, TaskId taskId, String author, String body, Instant createdAt) {
}

package dev.hermes.board.dispatch;

import dev.hermes.board.worker.WorkerContext;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;

/**
 * A worker process for dispatcher tests that is caught inside a write: it opens a write
 * transaction on its SQLite board ({@code BEGIN IMMEDIATE}, taking the write lock), writes
 * {@code locked} in its workspace, and never commits. The test then freezes it with SIGSTOP.
 */
public final class WriteLockWorkerMain {

    public static void main(String[] args) throws Exception {
        WorkerContext ctx = WorkerContext.fromEnvironment();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + ctx.board());
             Statement s = c.createStatement()) {
            s.execute("BEGIN IMMEDIATE");
            s.executeUpdate("UPDATE tasks SET updated_at = updated_at WHERE id = '" + ctx.task() + "'");
            Files.writeString(Path.of("locked"), "run " + ctx.runId());
            Thread.sleep(120_000); // bounded, should a test leave it behind
        }
    }
}

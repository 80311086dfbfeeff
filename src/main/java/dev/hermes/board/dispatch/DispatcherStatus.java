package dev.hermes.board.dispatch;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hermes.util.Json;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.Optional;

/**
 * What a running dispatcher last did, for people watching the board ({@code hermes dashboard}):
 * written to {@code <boardDir>/dispatcher.json} after every tick, replaced atomically so a
 * reader never sees half a file. It lives beside the board's logs, so a dashboard sees the
 * dispatchers of its own machine (a PostgreSQL board's dispatchers elsewhere write their own).
 *
 * @param lastTick   when the last tick ended (the wall clock: this is for display only)
 * @param lastError  why the last tick failed, or null when it worked
 */
public record DispatcherStatus(String host, long pid, int maxWorkers, int maxPerProfile, int liveWorkers,
                               Instant lastTick, long tickSeconds, String lastError) {

    static final String FILE = "dispatcher.json";

    /** Writes the status; a failure to write is not the dispatcher's failure (it is for display). */
    public void writeTo(Path boardDir) {
        try {
            Files.createDirectories(boardDir);
            Path tmp = boardDir.resolve(FILE + "." + pid + ".tmp");
            Files.write(tmp, Json.MAPPER.writeValueAsBytes(Json.MAPPER.createObjectNode().put("host", host)
                    .put("pid", pid).put("max_workers", maxWorkers).put("max_per_profile", maxPerProfile)
                    .put("live_workers", liveWorkers).put("last_tick", lastTick.toString())
                    .put("tick_seconds", tickSeconds).put("last_error", lastError)));
            try {
                Files.move(tmp, boardDir.resolve(FILE), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, boardDir.resolve(FILE), StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException | RuntimeException ignored) {
            // display only: a full disk must not stop the dispatcher
        }
    }

    /** The last status written under {@code boardDir}, empty when no dispatcher wrote one (or it is unreadable). */
    public static Optional<JsonNode> read(Path boardDir) {
        Path file = boardDir.resolve(FILE);
        try {
            return Files.exists(file) ? Optional.of(Json.MAPPER.readTree(file.toFile())) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}

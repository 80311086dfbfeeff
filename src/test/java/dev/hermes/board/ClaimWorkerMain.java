package dev.hermes.board;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * A child process for {@link SqliteMultiProcessClaimTest}: waits for the go file, then claims
 * and completes tasks on the board until none is left (holding each claim ~3 ms), printing each
 * claimed task id.
 * Arguments: board file, go file.
 */
public final class ClaimWorkerMain {

    private ClaimWorkerMain() {
    }

    public static void main(String[] args) throws Exception {
        Path board = Path.of(args[0]);
        Path go = Path.of(args[1]);
        try (BoardStore store = SqliteBoardStore.open(board)) {
            Claimant me = Claimant.forThisProcess();
            System.out.println("ready " + me.id());
            System.out.flush();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (!Files.exists(go) && System.nanoTime() < deadline) {
                Thread.sleep(2);
            }
            Optional<Claim> claim;
            while ((claim = store.claim(me, Duration.ofMinutes(10), ClaimFilter.ANY)).isPresent()) {
                System.out.println("claimed " + claim.get().taskId() + " " + claim.get().attempt());
                // Hold each claim a moment, as real work would: on a loaded machine one child could
                // otherwise drain the board before the others wake, and prove nothing about contention.
                Thread.sleep(3);
                if (!store.complete(claim.get(), "by " + me.id(), null).applied()) {
                    System.out.println("rejected " + claim.get().taskId());
                }
            }
        }
    }
}

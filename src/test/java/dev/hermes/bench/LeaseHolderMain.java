package dev.hermes.bench;

import dev.hermes.board.BoardStore;
import dev.hermes.board.Claim;
import dev.hermes.board.ClaimFilter;
import dev.hermes.board.Claimant;
import dev.hermes.board.TaskId;

import java.time.Duration;

/**
 * The worker process of {@link BoardBenchmark}'s reclaim measurement: claims one task with a short
 * lease, prints {@code claimed ATTEMPT}, then renews the lease every quarter lease, printing
 * {@code beat} after each renewal, until it is killed. Arguments: board (SQLite file or PostgreSQL
 * URL), task id, lease in milliseconds.
 */
public final class LeaseHolderMain {

    private LeaseHolderMain() {
    }

    public static void main(String[] args) throws Exception {
        Duration lease = Duration.ofMillis(Long.parseLong(args[2]));
        try (BoardStore store = BoardBenchmark.open(args[0])) {
            Claim claim = store.claim(Claimant.forThisProcess(), lease, ClaimFilter.task(new TaskId(args[1])))
                    .orElseThrow(() -> new IllegalStateException("task " + args[1] + " not claimable"));
            System.out.println("claimed " + claim.attempt());
            System.out.flush();
            while (true) {
                Thread.sleep(lease.toMillis() / 4);
                if (!store.heartbeat(claim, lease).applied()) throw new IllegalStateException("lease lost");
                System.out.println("beat");
                System.out.flush();
            }
        }
    }
}

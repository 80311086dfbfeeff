package dev.hermes.bench;

import java.util.concurrent.SynchronousQueue;

/**
 * How long it takes here for one thread to hand a value to another that is waiting for it, from
 * the hand-over to the waiter running: the unit a proxied call's added latency is counted in
 * when the cores are idle, since the call crosses several such wake-ups (selector, carriers,
 * poller). Measured right after the previous hand-over (busy) and after the machine sat idle
 * for {@link #IDLE_MS} (as between the calls of a slow upstream).
 */
final class WakeUps {

    static final long IDLE_MS = 20;
    static final int SAMPLES = 100;

    /** Median wake-up in microseconds. */
    record Median(double platformBusy, double platformIdle, double virtualBusy, double virtualIdle) {
    }

    private WakeUps() {
    }

    static Median measure() throws InterruptedException {
        return new Median(median(false, 0), median(false, IDLE_MS), median(true, 0), median(true, IDLE_MS));
    }

    private static double median(boolean virtual, long idleMs) throws InterruptedException {
        SynchronousQueue<Long> handed = new SynchronousQueue<>();
        long[] woken = new long[SAMPLES];
        Thread waiter = (virtual ? Thread.ofVirtual() : Thread.ofPlatform()).start(() -> {
            try {
                for (int i = 0; i < SAMPLES; i++) {
                    long sent = handed.take();
                    woken[i] = System.nanoTime() - sent;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        for (int i = 0; i < SAMPLES; i++) {
            if (idleMs > 0) Thread.sleep(idleMs); // the idle gap is what is measured, not a wait for a condition
            handed.put(System.nanoTime());
        }
        waiter.join();
        return Stats.of(woken).percentile(50) / 1e3;
    }
}

package dev.hermes.board.dispatch;

import dev.hermes.util.Sleeper;

import java.io.PrintWriter;
import java.time.Duration;

/**
 * {@code kanban dispatch --watch}: ticks until a signal stops the process. A tick that fails (the
 * board's write lock held by another process for longer than the busy timeout, a storage error,
 * a full disk) does not end the loop: it is reported with the time to the next try, and the pause
 * doubles after each failure in a row, from one tick up to {@link #MAX_BACKOFF}; the first good
 * tick after failures says so. Workers keep running meanwhile: their own heartbeats do not go
 * through the dispatcher.
 */
public final class DispatchLoop {

    /** The longest pause between tries while the board keeps failing. */
    public static final Duration MAX_BACKOFF = Duration.ofSeconds(60);

    /** One tick; a failure is any exception. */
    @FunctionalInterface
    public interface Tick {
        TickReport run() throws Exception;
    }

    private final Tick tick;
    private final Duration interval;
    private final PrintWriter out;
    private final PrintWriter err;
    private final Sleeper sleeper;

    public DispatchLoop(Dispatcher dispatcher, Duration interval, PrintWriter out, PrintWriter err, Sleeper sleeper) {
        this(dispatcher::tick, interval, out, err, sleeper);
    }

    public DispatchLoop(Tick tick, Duration interval, PrintWriter out, PrintWriter err, Sleeper sleeper) {
        this.tick = tick;
        this.interval = interval;
        this.out = out;
        this.err = err;
        this.sleeper = sleeper;
    }

    /** Runs until interrupted (the process's end on a signal); returns only then. */
    public void run() {
        int failures = 0;
        while (!Thread.currentThread().isInterrupted()) {
            Duration pause = interval;
            try {
                TickReport report = tick.run();
                if (failures > 0) {
                    err.println("hermes: dispatcher: the board works again after " + failures + " failed tick"
                            + (failures == 1 ? "" : "s"));
                    failures = 0;
                }
                if (!report.idle()) out.println(report.summary());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } catch (Exception e) {
                failures++;
                pause = backoff(interval, failures);
                err.println("hermes: dispatcher: tick failed (" + failures + " in a row): " + describe(e)
                        + "; retrying in " + seconds(pause) + " (still running; stop with Ctrl-C)");
            }
            out.flush();
            err.flush();
            try {
                sleeper.sleep(pause);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * Runs {@code open} (opening the board) until it works, reporting each failure and pausing as
     * between failed ticks: a dispatcher started while the board is locked or unreachable waits
     * for it instead of exiting. Throws only {@link InterruptedException} (a signal).
     */
    public static <T> T untilOpen(java.util.concurrent.Callable<T> open, Duration interval, PrintWriter err,
                                  Sleeper sleeper) throws InterruptedException {
        for (int failures = 1; ; failures++) {
            try {
                return open.call();
            } catch (InterruptedException e) {
                throw e;
            } catch (Exception e) {
                Duration pause = backoff(interval, failures);
                err.println("hermes: dispatcher: cannot open the board (" + failures + " in a row): " + describe(e)
                        + "; retrying in " + seconds(pause) + " (stop with Ctrl-C)");
                err.flush();
                sleeper.sleep(pause);
            }
        }
    }

    /** One tick, then two, four... ticks, capped at {@link #MAX_BACKOFF} (never below one tick). */
    static Duration backoff(Duration interval, int failures) {
        Duration d = interval;
        for (int i = 1; i < failures && d.compareTo(MAX_BACKOFF) < 0; i++) d = d.multipliedBy(2);
        return d.compareTo(MAX_BACKOFF) > 0 ? (interval.compareTo(MAX_BACKOFF) > 0 ? interval : MAX_BACKOFF) : d;
    }

    private static String describe(Exception e) {
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : m.strip().lines().findFirst().orElse(m);
    }

    private static String seconds(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : String.format("%.1f s", d.toMillis() / 1000.0);
    }
}

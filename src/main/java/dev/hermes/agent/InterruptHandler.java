package dev.hermes.agent;

import dev.hermes.util.MonotonicClock;

import java.time.Duration;
import java.util.function.IntConsumer;

/**
 * What Ctrl-C does while the agent works: the first press interrupts the model call or cancels
 * the tool in flight ({@link ConversationLoop#interrupt}), keeping the session; a second press
 * within {@link #DOUBLE_PRESS} exits the process with code 130. Thread-safe: signals arrive on
 * their own thread.
 */
public final class InterruptHandler {

    public static final Duration DOUBLE_PRESS = Duration.ofSeconds(2);
    public static final int EXIT_CODE = 130;

    private final ConversationLoop loop;
    private final MonotonicClock clock;
    private final IntConsumer exit;
    private final Runnable notice;
    private long lastPress = Long.MIN_VALUE;

    /**
     * @param exit   ends the process ({@code System::exit} in production)
     * @param notice tells the user what the first press did
     */
    public InterruptHandler(ConversationLoop loop, MonotonicClock clock, IntConsumer exit, Runnable notice) {
        this.loop = loop;
        this.clock = clock;
        this.exit = exit;
        this.notice = notice;
    }

    /** Called for each SIGINT. */
    public synchronized void onSignal() {
        long now = clock.nanoTime();
        boolean second = lastPress != Long.MIN_VALUE && now - lastPress <= DOUBLE_PRESS.toNanos();
        lastPress = now;
        if (second) {
            exit.accept(EXIT_CODE);
            return;
        }
        loop.interrupt();
        notice.run();
    }

    /**
     * A Ctrl-C at the interactive prompt (JLine reports it there, not as a signal): true when it
     * is the second press within {@link #DOUBLE_PRESS} of any earlier one, meaning quit.
     */
    public synchronized boolean pressedAtPrompt() {
        long now = clock.nanoTime();
        boolean second = lastPress != Long.MIN_VALUE && now - lastPress <= DOUBLE_PRESS.toNanos();
        lastPress = now;
        return second;
    }

    /**
     * Routes the process's SIGINT to {@link #onSignal} (sun.misc.Signal: the JDK has no supported
     * API for this). Returns a handle that restores the previous handler.
     */
    @SuppressWarnings("removal")
    public AutoCloseable installOnSigint() {
        sun.misc.Signal sigint = new sun.misc.Signal("INT");
        sun.misc.SignalHandler previous = sun.misc.Signal.handle(sigint, s -> onSignal());
        return () -> sun.misc.Signal.handle(sigint, previous);
    }
}
